using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using MediatR;

namespace ClinicalImaging.Application.Research.SearchDeidentifiedStudies;

/// <summary>
/// The REST study search for research: studies by the filters whose attributes the de-identification keeps as they are
/// (modality, body part, manufacturer, contrast as the profile allows), newest first, each study de-identified.
/// </summary>
[RequiresAccess(AccessPolicies.ResearchRead)]
public sealed record SearchDeidentifiedStudiesQuery(StudySearchCriteria Criteria, int Page = 1, int PageSize = PagedRequestValidator.DefaultPageSize)
    : IRequest<PagedResult<DeidentifiedStudy>>, IAuditedRequest, IPagedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ResearchStudySearch;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => Criteria.FilterNames().Select(name => $"filter:{name}").ToList();
}

/// <summary>
/// A study as research sees it: pseudonymous study UID and patient ID, dates as the profile leaves them (shifted per
/// patient by default), description cleaned, and what its series hold.
/// </summary>
public sealed record DeidentifiedStudy(
    string StudyInstanceUid,
    string PatientId,
    string? PatientSex,
    string? StudyDate,
    string? StudyTime,
    string? StudyDescription,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> BodyParts,
    int NumberOfSeries,
    int NumberOfInstances) : IAuditedResource
{
    /// <summary>The archive's study UID, for the audit trail only (not serialised: explicit and internal).</summary>
    internal string OriginalStudyInstanceUid { get; init; } = string.Empty;

    string IAuditedResource.AuditResourceId => OriginalStudyInstanceUid;
}
