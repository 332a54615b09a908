using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Orders;
using MediatR;

namespace ClinicalImaging.Application.Orders.ScheduleOrder;

public sealed class ScheduleOrderHandler(IImagingOrderStore orders, IWorkflowUnitOfWork unitOfWork, ICurrentUser user)
    : IRequestHandler<ScheduleOrderCommand, OrderView>
{
    public async Task<OrderView> Handle(ScheduleOrderCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var patientKey = await orders.EnsurePatientAsync(request.Patient, cancellationToken).ConfigureAwait(false);
        var accessionNumber = request.AccessionNumber ?? await orders.NextAccessionNumberAsync(cancellationToken).ConfigureAwait(false);
        var order = ImagingOrder.Schedule(patientKey, accessionNumber, request.Order, user.ActorId);

        // Images can come first (an emergency scanned before the order was keyed in): the order starts out in progress.
        if (await orders.FindArrivedStudyAsync(accessionNumber, patientKey, cancellationToken).ConfigureAwait(false) is { } arrived)
        {
            order.StartAcquisition(arrived.StudyKey, arrived.FirstReceivedAt);
        }

        orders.Add(order);
        await unitOfWork.SaveAsync(
            new AuditRecord(AuditActions.OrderSchedule, "ImagingOrder", [order.Id.ToString(), patientKey.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        return await orders.GetViewAsync(order.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Imaging order", order.Id.ToString());
    }
}
