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
        var instances = new List<PacsImportedInstance>();
        foreach (var instanceId in await pacs.GetStudyInstanceIdsAsync(id, cancellationToken).ConfigureAwait(false))
        {
            var content = await pacs.OpenInstanceFileAsync(instanceId, cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                var result = (await mediator.Send(StoreInstancesCommand.Of(content, study.StudyInstanceUid), cancellationToken).ConfigureAwait(false))[0];
                instances.Add(new(instanceId, result));
            }
        }

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

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information,
        Message = "Imported PACS study {StudyId}: {Stored} stored, {AlreadyStored} already stored, {Failed} failed")]
    private static partial void LogImported(ILogger logger, string studyId, int stored, int alreadyStored, int failed);
}
