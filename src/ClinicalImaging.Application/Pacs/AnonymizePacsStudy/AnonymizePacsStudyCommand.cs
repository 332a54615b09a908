using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.AnonymizePacsStudy;

/// <summary>
/// Has the PACS write a de-identified copy of a study (Orthanc's default profile, the PS3.15 Basic Profile: new UIDs,
/// identifying attributes removed or replaced); the original stays.
/// </summary>
/// <param name="Study">The PACS's id of the study or its Study Instance UID.</param>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record AnonymizePacsStudyCommand(string Study) : IRequest<PacsStudyCopy>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.PacsStudyAnonymize;

    public string AuditResourceType => "PacsStudy";

    public IReadOnlyList<string> AuditResourceIds => [Study];
}
