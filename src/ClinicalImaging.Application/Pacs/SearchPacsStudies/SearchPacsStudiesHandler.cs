using MediatR;

namespace ClinicalImaging.Application.Pacs.SearchPacsStudies;

public sealed class SearchPacsStudiesHandler(IPacsClient pacs) : IRequestHandler<SearchPacsStudiesQuery, IReadOnlyList<PacsStudy>>
{
    public Task<IReadOnlyList<PacsStudy>> Handle(SearchPacsStudiesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pacs.FindStudiesAsync(request.Query, cancellationToken);
    }
}
