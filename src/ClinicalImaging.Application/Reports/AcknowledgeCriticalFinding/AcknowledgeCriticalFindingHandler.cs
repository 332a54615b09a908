using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.AcknowledgeCriticalFinding;

public sealed class AcknowledgeCriticalFindingHandler(IReportStore reports, IWorkflowUnitOfWork unitOfWork, ICurrentUser user, IClock clock)
    : IRequestHandler<AcknowledgeCriticalFindingCommand, CriticalFindingView>
{
    public async Task<CriticalFindingView> Handle(AcknowledgeCriticalFindingCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notification = await reports.FindNotificationAsync(request.NotificationId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Critical finding notification", request.NotificationId.ToString());
        ExpectedVersion.Ensure(notification, request.ExpectedVersion, "Critical finding notification");
        var now = clock.UtcNow;
        var delay = notification.Acknowledge(user.ActorId, now);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        WorkflowMetrics.RecordCriticalAcknowledgement(delay, now <= notification.DueAt);
        return (await reports.GetCriticalFindingAsync(notification.Id, now, cancellationToken).ConfigureAwait(false))!;
    }
}
