using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <returns>The order that started, or null when no scheduled order waits for the study.</returns>
public sealed class StartOrderedAcquisitionHandler(IImagingOrderStore orders, IWorkflowUnitOfWork unitOfWork, IClock clock)
    : IRequestHandler<StartOrderedAcquisitionCommand, Guid?>
{
    public async Task<Guid?> Handle(StartOrderedAcquisitionCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await orders.FindOrderAwaitingStudyAsync(request.StudyKey, cancellationToken).ConfigureAwait(false) is not { } order)
        {
            return null;
        }

        order.StartAcquisition(request.StudyKey, clock.UtcNow);
        await unitOfWork.SaveAsync(
            new AuditRecord(request.AuditAction, request.AuditResourceType, [order.Id.ToString(), request.StudyKey.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        return order.Id;
    }
}
