using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Pacs.UploadToPacs;

public sealed partial class UploadToPacsHandler(IStudyStore studies, IBlobStore blobs, IPacsClient pacs, IAuditTrail auditTrail, ILogger<UploadToPacsHandler> logger)
    : IRequestHandler<UploadToPacsCommand, PacsUploadSummary>
{
    public async Task<PacsUploadSummary> Handle(UploadToPacsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = await studies.FindStoredInstancesAsync(request.Scope, cancellationToken).ConfigureAwait(false);
        if (stored.Count == 0)
        {
            throw new NotFoundException(request.SopInstanceUid is not null ? "Instance" : request.SeriesInstanceUid is not null ? "Series" : "Study",
                request.SopInstanceUid ?? request.SeriesInstanceUid ?? request.StudyInstanceUid);
        }

        var instances = new List<PacsUploadedInstance>(stored.Count);
        var studyId = string.Empty;
        foreach (var instance in stored)
        {
            // The client reads the stream once and disposes of it.
            var upload = await pacs.UploadInstanceAsync(blobs.OpenRead(instance.BlobKey), cancellationToken).ConfigureAwait(false);
            instances.Add(new PacsUploadedInstance(instance.SopInstanceUid, upload.InstanceId, upload.Status));
            studyId = upload.StudyId;
        }

        var summary = new PacsUploadSummary(
            studyId, instances.Count(i => i.Status == PacsUploadStatus.Stored), instances.Count(i => i.Status == PacsUploadStatus.AlreadyStored), instances);
        // The change happened in the PACS: no local transaction to record it in, so it is recorded once it succeeded.
        await auditTrail.RecordAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, [.. request.AuditResourceIds, studyId], AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        LogUploaded(logger, studyId, summary.Stored, summary.AlreadyStored);
        return summary;
    }

    [LoggerMessage(EventId = 7120, Level = LogLevel.Information, Message = "Uploaded to PACS study {StudyId}: {Stored} stored, {AlreadyStored} already stored")]
    private static partial void LogUploaded(ILogger logger, string studyId, int stored, int alreadyStored);
}
