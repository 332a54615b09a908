using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>
/// Parses the query, then keeps direct identifiers from callers without <see cref="AccessPolicies.PatientDataRead"/>:
/// matching on them is refused (a match would reveal them), returning them is left out.
/// </summary>
public sealed class SearchHandler(IQidoSearch archive, ICurrentUser user) : IRequestHandler<SearchQuery, SearchResult>
{
    public async Task<SearchResult> Handle(SearchQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var search = QidoParameters.Parse(request.Scope, request.Parameters);
        if (!AccessPolicies.Get(AccessPolicies.PatientDataRead).IsSatisfiedBy(user))
        {
            if (search.MatchesPatientData)
            {
                throw new ForbiddenAccessException(AccessPolicies.PatientDataRead);
            }

            search = search.WithoutPatientData();
        }

        var rows = await archive.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        return new SearchResult(rows.Select(row => QidoResults.Build(search, row)).ToList(), search.Warnings);
    }
}
