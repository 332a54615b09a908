using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Studies.SearchStudies;

public sealed class SearchStudiesHandler(IStudySearch search) : IRequestHandler<SearchStudiesQuery, PagedResult<StudySummary>>
{
    public Task<PagedResult<StudySummary>> Handle(SearchStudiesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var criteria = request.Criteria with { Modality = request.Criteria.Modality?.ToUpperInvariant() };
        return search.SearchStudiesAsync(criteria, request.Page, request.PageSize, cancellationToken);
    }
}
