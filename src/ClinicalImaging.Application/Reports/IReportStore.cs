using ClinicalImaging.Domain.Reports;

namespace ClinicalImaging.Application.Reports;

/// <summary>Radiology reports and critical-finding notifications. Changes are committed by <see cref="Common.Ports.IWorkflowUnitOfWork"/>.</summary>
public interface IReportStore
{
    /// <summary>The report, tracked for change.</summary>
    Task<RadiologyReport?> FindAsync(Guid reportId, CancellationToken cancellationToken);

    /// <summary>The notification, tracked for change.</summary>
    Task<CriticalFindingNotification?> FindNotificationAsync(Guid notificationId, CancellationToken cancellationToken);

    void Add(RadiologyReport report);

    void Add(CriticalFindingNotification notification);

    Task<ReportView?> GetViewAsync(Guid reportId, CancellationToken cancellationToken);

    /// <summary>Every version of the order's report, oldest first.</summary>
    Task<IReadOnlyList<ReportView>> ListForOrderAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Notifications, oldest due first; only unacknowledged ones when <paramref name="openOnly"/>. Overdue is judged at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<CriticalFindingView>> ListCriticalFindingsAsync(bool openOnly, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    Task<CriticalFindingView?> GetCriticalFindingAsync(Guid notificationId, DateTimeOffset now, CancellationToken cancellationToken);
}
