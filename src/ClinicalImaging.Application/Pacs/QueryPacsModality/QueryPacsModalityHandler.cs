using MediatR;

namespace ClinicalImaging.Application.Pacs.QueryPacsModality;

public sealed class QueryPacsModalityHandler(IPacsClient pacs) : IRequestHandler<QueryPacsModalityQuery, IReadOnlyList<PacsQueryAnswer>>
{
    public Task<IReadOnlyList<PacsQueryAnswer>> Handle(QueryPacsModalityQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pacs.QueryModalityAsync(request.Modality, request.Query, cancellationToken);
    }
}
