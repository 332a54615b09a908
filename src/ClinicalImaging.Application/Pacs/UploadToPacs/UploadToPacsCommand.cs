using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Pacs.UploadToPacs;

/// <summary>
/// Sends stored objects of this archive to the PACS, byte for byte as stored, one at a time as a stream: a study, one
/// of its series, or one instance. The PACS keeps what it already holds
/// (<see cref="PacsUploadStatus.AlreadyStored"/>), so sending again is harmless.
/// </summary>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record UploadToPacsCommand(string StudyInstanceUid, string? SeriesInstanceUid = null, string? SopInstanceUid = null)
    : IRequest<PacsUploadSummary>, IAuditedRequest
{
    public InstanceScope Scope => new(StudyInstanceUid, SeriesInstanceUid, SopInstanceUid);

    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.PacsInstanceUpload;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => Scope.ResourceIds();
}

/// <param name="StudyId">The PACS's id of the study the objects went to.</param>
public sealed record PacsUploadSummary(string StudyId, int Stored, int AlreadyStored, IReadOnlyList<PacsUploadedInstance> Instances);

/// <param name="InstanceId">The PACS's id of the instance.</param>
public sealed record PacsUploadedInstance(string SopInstanceUid, string InstanceId, PacsUploadStatus Status);
