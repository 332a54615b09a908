using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.GetPacsStudy;

/// <summary>One study in the PACS with its patient's demographics and its series.</summary>
/// <param name="Study">The PACS's id of the study or its Study Instance UID (see <see cref="PacsStudyReference"/>).</param>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetPacsStudyQuery(string Study) : IRequest<PacsStudyDetails>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PacsStudyRead;

    public string AuditResourceType => "PacsStudy";

    public IReadOnlyList<string> AuditResourceIds => [Study];
}
