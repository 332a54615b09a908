using ClinicalImaging.Application.Reports;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence.Workflow;

/// <summary>Radiology reports and critical-finding notifications in PostgreSQL.</summary>
internal sealed class EfReportStore(ClinicalImagingDbContext db) : IReportStore
{
    private DbSet<RadiologyReport> Reports => db.Set<RadiologyReport>();

    private DbSet<CriticalFindingNotification> Notifications => db.Set<CriticalFindingNotification>();

    private DbSet<ImagingOrder> Orders => db.Set<ImagingOrder>();

    public Task<RadiologyReport?> FindAsync(Guid reportId, CancellationToken cancellationToken) =>
        Reports.FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);

    public Task<CriticalFindingNotification?> FindNotificationAsync(Guid notificationId, CancellationToken cancellationToken) =>
        Notifications.FirstOrDefaultAsync(n => n.Id == notificationId, cancellationToken);

    public void Add(RadiologyReport report) => Reports.Add(report);

    public void Add(CriticalFindingNotification notification) => Notifications.Add(notification);

    public async Task<ReportView?> GetViewAsync(Guid reportId, CancellationToken cancellationToken) =>
        (await ViewsAsync(Reports.Where(r => r.Id == reportId), cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<ReportView>> ListForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        ViewsAsync(Reports.Where(r => r.OrderKey == orderId), cancellationToken);

    public Task<IReadOnlyList<CriticalFindingView>> ListCriticalFindingsAsync(bool openOnly, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var notifications = openOnly ? Notifications.Where(n => n.Status == NotificationStatus.Open) : Notifications;
        return CriticalFindingViewsAsync(notifications, now, limit, cancellationToken);
    }

    public async Task<CriticalFindingView?> GetCriticalFindingAsync(Guid notificationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await CriticalFindingViewsAsync(Notifications.Where(n => n.Id == notificationId), now, 1, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private async Task<IReadOnlyList<ReportView>> ViewsAsync(IQueryable<RadiologyReport> reports, CancellationToken cancellationToken)
    {
        var rows = await (
                from r in reports.AsNoTracking()
                join o in Orders on r.OrderKey equals o.Id
                orderby r.Revision
                select new { Report = r, o.AccessionNumber })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(row => View(row.Report, row.AccessionNumber)).ToList();
    }

    private async Task<IReadOnlyList<CriticalFindingView>> CriticalFindingViewsAsync(
        IQueryable<CriticalFindingNotification> notifications, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var rows = await (
                from n in notifications.AsNoTracking()
                join o in Orders on n.OrderKey equals o.Id
                orderby n.DueAt, n.Id
                select new { Notification = n, o.AccessionNumber })
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(row => View(row.Notification, row.AccessionNumber, now)).ToList();
    }

    private static ReportView View(RadiologyReport r, string accessionNumber) => new(
        r.Id, r.OrderKey, accessionNumber, r.Revision, r.PreviousReportKey, r.Sections, r.Status, r.AuthorId, r.SignedBy, r.SignedAt, r.SupersededAt,
        r.CreatedAt, r.UpdatedAt, r.Version);

    /// <summary>Overdue: still open past its due time, or acknowledged after it.</summary>
    private static CriticalFindingView View(CriticalFindingNotification n, string accessionNumber, DateTimeOffset now) => new(
        n.Id, n.ReportKey, n.OrderKey, accessionNumber, n.Status, n.RaisedAt, n.DueAt, n.AcknowledgedAt, n.AcknowledgedBy,
        (n.AcknowledgedAt ?? now) > n.DueAt, n.Version);
}
