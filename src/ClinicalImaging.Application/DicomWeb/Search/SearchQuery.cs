using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>
/// QIDO-RS (PS3.18 §10.6): the studies, series or instances in <see cref="Scope"/> that match the URL's query
/// <see cref="Parameters"/> (in their order, repeated keys kept). Patient name, ID and birth date are matched and
/// returned only for callers allowed to read patient data; docs/conformance.md lists the rules.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record SearchQuery(QidoScope Scope, IReadOnlyList<KeyValuePair<string, string>> Parameters)
    : IRequest<SearchResult>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.DicomWebSearch;

    public string AuditResourceType => Scope?.Level.ToString() ?? nameof(QidoLevel.Study);

    /// <summary>The scope's UIDs and the names of the matching keys: never a searched value.</summary>
    public IReadOnlyList<string> AuditResourceIds =>
    [
        .. Scope?.ResourceIds() ?? [],
        .. (Parameters ?? []).Select(p => p.Key).Where(k => k is not (QidoParameters.IncludeField or QidoParameters.Limit or QidoParameters.Offset or QidoParameters.FuzzyMatching))
            .Distinct(StringComparer.Ordinal).Select(k => $"key:{k}"),
    ];
}

/// <summary>The page of matches, and the PS3.18 Warning texts (e.g. a lowered limit) for the response header.</summary>
public sealed record SearchResult(IReadOnlyList<QidoMatch> Matches, IReadOnlyList<string> Warnings);
