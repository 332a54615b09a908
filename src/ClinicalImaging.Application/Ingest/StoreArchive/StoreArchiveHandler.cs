using System.IO.Compression;
using System.Runtime.CompilerServices;
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
                // Entries are stored like the parts of one request: committed one after another, registered in groups.
                var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
                var results = await mediator.Send(new StoreInstancesCommand(Contents(entries, cancellationToken)), cancellationToken);
                return entries.Zip(results, (entry, result) => new NamedStoreResult($"{request.ArchiveName}/{entry.FullName}", result)).ToList();
            }
        }
    }

    /// <summary>Each entry's content, opened when the previous one has been read; a damaged entry fails alone.</summary>
    private static async IAsyncEnumerable<IncomingObject> Contents(IReadOnlyList<ZipArchiveEntry> entries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var incoming = await OpenAsync(entry, cancellationToken);
            await using (incoming.Content)
            {
                yield return incoming;
            }
        }
    }

    private static async Task<IncomingObject> OpenAsync(ZipArchiveEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            return IncomingObject.Of(new ArchiveEntryStream(await entry.OpenAsync(cancellationToken)));
        }
        catch (InvalidDataException exception)
        {
            // An unsupported compression method or a damaged local header.
            return IncomingObject.Refused(StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"the archive entry cannot be decompressed: {exception.Message}"));
        }
    }
}
