using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.ModifyPacsStudy;

/// <summary>
/// Has the PACS write a copy of a study with attributes replaced (by DICOM keyword, e.g. StudyDescription or
/// PatientName); the copy gets new UIDs, the original stays. The values may be patient data: they are sent in the
/// body, and neither logged nor audited (the audit trail names the two studies).
/// </summary>
/// <param name="Study">The PACS's id of the study or its Study Instance UID.</param>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record ModifyPacsStudyCommand(string Study, IReadOnlyDictionary<string, string> Replace) : IRequest<PacsStudyCopy>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.PacsStudyModify;

    public string AuditResourceType => "PacsStudy";

    public IReadOnlyList<string> AuditResourceIds => [Study];
}
