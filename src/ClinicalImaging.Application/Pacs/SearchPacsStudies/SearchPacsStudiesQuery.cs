using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.SearchPacsStudies;

/// <summary>Studies in the PACS matching the query, with their patients' demographics.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record SearchPacsStudiesQuery(PacsStudyQuery Query) : IRequest<IReadOnlyList<PacsStudy>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PacsStudySearch;

    public string AuditResourceType => "PacsStudy";

    /// <summary>Searched values are patient data: they are never kept in the audit trail.</summary>
    public IReadOnlyList<string> AuditResourceIds => [];
}
