using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Orders.GetOrder;

public sealed class GetOrderHandler(IImagingOrderStore orders) : IRequestHandler<GetOrderQuery, OrderView>
{
    public async Task<OrderView> Handle(GetOrderQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await orders.GetViewAsync(request.OrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Imaging order", request.OrderId.ToString());
    }
}
