using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;

namespace ClinicalImaging.Application.Pacs;

/// <summary>A new study the PACS wrote from another (anonymized or modified copy); the source study stays as it was.</summary>
/// <param name="SourceStudyId">The PACS's id of the study copied.</param>
/// <param name="StudyId">The PACS's id of the new study.</param>
public sealed record PacsStudyCopy(string SourceStudyId, string StudyId, string StudyInstanceUid);

/// <summary>Anonymize and modify: resolve the study, let the PACS write the copy, describe it, and record the change.</summary>
internal static class PacsStudyCopies
{
    public static async Task<PacsStudyCopy> CopyAsync(
        IPacsClient pacs, IAuditTrail auditTrail, IAuditedRequest request, string study,
        Func<string, Task<string>> copy, CancellationToken cancellationToken)
    {
        var source = await PacsStudyReference.ResolveAsync(pacs, study, cancellationToken).ConfigureAwait(false);
        var copyId = await copy(source).ConfigureAwait(false);
        var written = await pacs.GetStudyAsync(copyId, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("PACS study", copyId);
        // The change happened in the PACS: no local transaction to record it in, so it is recorded once it succeeded.
        await auditTrail.RecordAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, [source, copyId], AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        return new PacsStudyCopy(source, copyId, written.StudyInstanceUid);
    }
}
