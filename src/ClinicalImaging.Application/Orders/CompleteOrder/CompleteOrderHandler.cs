using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Orders.CompleteOrder;

public sealed class CompleteOrderHandler(IImagingOrderStore orders, IWorkflowUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<CompleteOrderCommand, OrderView>
{
    public async Task<OrderView> Handle(CompleteOrderCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var order = await orders.FindAsync(request.OrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Imaging order", request.OrderId.ToString());
        ExpectedVersion.Ensure(order, request.ExpectedVersion, "Imaging order");
        order.Complete(clock.UtcNow);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        return (await orders.GetViewAsync(order.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
