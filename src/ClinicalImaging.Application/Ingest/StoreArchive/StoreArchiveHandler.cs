using System.IO.Compression;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

public sealed class StoreArchiveHandler(IBlobStore blobs, IMediator mediator, IOptions<IngestOptions> options)
    : IRequestHandler<StoreArchiveCommand, IReadOnlyList<NamedStoreResult>>
{
    public async Task<IReadOnlyList<NamedStoreResult>> Handle(StoreArchiveCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = options.Value.MaxRequestBytes;
        IStagedObject staged;
        try
        {
            staged = await blobs.StageAsync(request.Content, limit, cancellationToken);
        }
        catch (PayloadTooLargeException)
        {
            return [new(request.ArchiveName, StoreInstanceResult.Failure(StowFailureReasons.OutOfResources, $"the archive is larger than the limit of {limit} bytes"))];
        }

        // Staged, never committed: disposing deletes the temporary copy of the archive.
        await using (staged)
        {
            await using var file = staged.OpenRead();
            ZipArchive archive;
            try
            {
                archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                return [new(request.ArchiveName, StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"not a readable ZIP archive: {exception.Message}"))];
            }

            await using (archive)
            {
                var results = new List<NamedStoreResult>();
                foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
                {
                    results.Add(new($"{request.ArchiveName}/{entry.FullName}", await StoreEntryAsync(entry, cancellationToken)));
                }

                return results;
            }
        }
    }

    private async Task<StoreInstanceResult> StoreEntryAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await entry.OpenAsync(cancellationToken);
            return (await mediator.Send(StoreInstancesCommand.Of(content), cancellationToken))[0];
        }
        catch (InvalidDataException exception)
        {
            // A damaged entry (bad compressed data, unsupported method) spoils that file only.
            return StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"the archive entry cannot be decompressed: {exception.Message}");
        }
    }
}
