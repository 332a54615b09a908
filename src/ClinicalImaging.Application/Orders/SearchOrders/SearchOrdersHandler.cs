using MediatR;

namespace ClinicalImaging.Application.Orders.SearchOrders;

public sealed class SearchOrdersHandler(IImagingOrderStore orders) : IRequestHandler<SearchOrdersQuery, IReadOnlyList<OrderView>>
{
    public Task<IReadOnlyList<OrderView>> Handle(SearchOrdersQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return orders.SearchAsync(request.Search, cancellationToken);
    }
}
