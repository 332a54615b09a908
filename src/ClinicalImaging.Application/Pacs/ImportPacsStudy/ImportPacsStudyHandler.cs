using System.Runtime.CompilerServices;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Pacs.ImportPacsStudy;

public sealed partial class ImportPacsStudyHandler(IPacsClient pacs, IMediator mediator, ILogger<ImportPacsStudyHandler> logger)
    : IRequestHandler<ImportPacsStudyCommand, PacsImportResult>
{
    public async Task<PacsImportResult> Handle(ImportPacsStudyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FromModality is { } modality)
        {
            // The validator admits only a Study Instance UID here: the PACS does not hold the study yet.
            await pacs.MoveStudyFromModalityAsync(modality, request.Study, cancellationToken).ConfigureAwait(false);
        }

        var id = await PacsStudyReference.ResolveAsync(pacs, request.Study, cancellationToken).ConfigureAwait(false);
        var study = await pacs.GetStudyAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("PACS study", request.Study);
        // The study's instances are stored like the parts of one upload: downloaded one after another, registered in groups.
        var instanceIds = await pacs.GetStudyInstanceIdsAsync(id, cancellationToken).ConfigureAwait(false);
        var results = await mediator.Send(new StoreInstancesCommand(Contents(instanceIds, cancellationToken), study.StudyInstanceUid), cancellationToken).ConfigureAwait(false);
        var instances = instanceIds.Zip(results, (instanceId, result) => new PacsImportedInstance(instanceId, result)).ToList();

        var import = new PacsImportResult(
            id,
            study.StudyInstanceUid,
            instances.Count(i => i.Result.Outcome == StoreOutcome.Stored),
            instances.Count(i => i.Result.Outcome == StoreOutcome.AlreadyStored),
            instances.Count(i => i.Result.Outcome == StoreOutcome.Failed),
            instances);
        LogImported(logger, id, import.Stored, import.AlreadyStored, import.Failed);
        return import;
    }

    /// <summary>Each instance's file from the PACS, requested when the previous one has been read to its end.</summary>
    private async IAsyncEnumerable<IncomingObject> Contents(IReadOnlyList<string> instanceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var instanceId in instanceIds)
        {
            var content = await pacs.OpenInstanceFileAsync(instanceId, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                yield return IncomingObject.Of(content);
            }
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information,
        Message = "Imported PACS study {StudyId}: {Stored} stored, {AlreadyStored} already stored, {Failed} failed")]
    private static partial void LogImported(ILogger logger, string studyId, int stored, int alreadyStored, int failed);
}
