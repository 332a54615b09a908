using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Studies.DownloadStudy;

/// <summary>
/// Every stored object of a study, for a ZIP download (<see cref="StudyArchiveWriter"/>). The objects are the originals,
/// direct identifiers included, hence patient-data access; the download is audited when its list is handed out.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record DownloadStudyQuery(string StudyInstanceUid) : IRequest<IReadOnlyList<StoredInstance>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.StudyDownload;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
