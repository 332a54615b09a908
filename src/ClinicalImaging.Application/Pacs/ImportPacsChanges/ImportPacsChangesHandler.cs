using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Pacs.ImportPacsStudy;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Pacs.ImportPacsChanges;

/// <summary>
/// The cursor is saved after each study imported and at the end of the page, so a failure (the PACS going away
/// mid-import) leaves the rest for the next step; imports are idempotent, so handling a change twice is harmless.
/// A study that failed to store some objects still moves the cursor: those objects were refused for what they are,
/// and would be again.
/// </summary>
public sealed partial class ImportPacsChangesHandler(
    IPacsClient pacs,
    IPacsChangeCursorStore cursors,
    IMediator mediator,
    ILogger<ImportPacsChangesHandler> logger) : IRequestHandler<ImportPacsChangesCommand, PacsChangeImportResult>
{
    public async Task<PacsChangeImportResult> Handle(ImportPacsChangesCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cursor = await cursors.GetAsync(pacs.Source, cancellationToken).ConfigureAwait(false);
        var page = await pacs.GetChangesAsync(cursor, request.MaxChanges, cancellationToken).ConfigureAwait(false);
        if (page.Last < cursor)
        {
            // The PACS's log ends before what we already read: it has a new database. Read it again from its start.
            LogLogRestarted(logger, pacs.Source, cursor, page.Last);
            await cursors.SaveAsync(pacs.Source, 0, cancellationToken).ConfigureAwait(false);
            return new PacsChangeImportResult(0, 0, 0, Done: false, Restarted: true);
        }

        var imported = 0;
        foreach (var change in page.Changes.Where(c => c.ChangeType == PacsChangeTypes.StableStudy))
        {
            if (await ImportAsync(change, cancellationToken).ConfigureAwait(false))
            {
                imported++;
            }

            await cursors.SaveAsync(pacs.Source, change.Sequence, cancellationToken).ConfigureAwait(false);
        }

        // Past the other changes of the page (new instances, series, patients…), which need no handling.
        if (page.Last > cursor)
        {
            await cursors.SaveAsync(pacs.Source, page.Last, cancellationToken).ConfigureAwait(false);
        }

        return new PacsChangeImportResult(Math.Max(page.Last, cursor), page.Changes.Count, imported, page.Done, Restarted: false);
    }

    private async Task<bool> ImportAsync(PacsChange change, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new ImportPacsStudyCommand(change.ResourceId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            // Deleted from the PACS since it became stable: nothing left to import.
            LogStudyGone(logger, change.ResourceId, change.Sequence);
            return false;
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning,
        Message = "The change log of {Source} ends at {Last}, before the cursor {Cursor}: the PACS has a new database; reading it again from the start")]
    private static partial void LogLogRestarted(ILogger logger, string source, long cursor, long last);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Information, Message = "PACS study {StudyId} of change {Sequence} no longer exists; skipped")]
    private static partial void LogStudyGone(ILogger logger, string studyId, long sequence);
}
