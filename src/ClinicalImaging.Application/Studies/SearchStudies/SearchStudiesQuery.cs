using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Studies.SearchStudies;

/// <summary>
/// Studies matching <see cref="Criteria"/>, one page at a time, newest first. The results carry patient demographics,
/// so the audit record lists the filters used (never their values) and the UIDs of the studies returned.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record SearchStudiesQuery(StudySearchCriteria Criteria, int Page = 1, int PageSize = PagedRequestValidator.DefaultPageSize)
    : IRequest<PagedResult<StudySummary>>, IAuditedRequest, IPagedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.StudySearch;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => Criteria.FilterNames().Select(name => $"filter:{name}").ToList();
}
