using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb.Search;
using MediatR;

namespace ClinicalImaging.Application.Research.SearchDeidentified;

/// <summary>
/// QIDO-RS for research: as <see cref="SearchQuery"/>, in a pseudonymous scope, matching only on attributes the
/// de-identification keeps as they are (and on pseudonymous UIDs), every result de-identified.
/// </summary>
[RequiresAccess(AccessPolicies.ResearchRead)]
public sealed record SearchDeidentifiedQuery(QidoScope Scope, IReadOnlyList<KeyValuePair<string, string>> Parameters)
    : IRequest<SearchResult>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ResearchSearch;

    public string AuditResourceType => Scope?.Level.ToString() ?? nameof(QidoLevel.Study);

    /// <summary>The scope's pseudonyms and the names of the matching keys: never a searched value.</summary>
    public IReadOnlyList<string> AuditResourceIds => new SearchQuery(Scope!, Parameters ?? []).AuditResourceIds;
}
