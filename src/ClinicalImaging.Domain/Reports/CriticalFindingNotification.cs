using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Reports;

public enum NotificationStatus
{
    Open,
    Acknowledged,
}

/// <summary>
/// A critical finding that a signed report flagged, waiting for the referring clinician's acknowledgement. The delay
/// from creation to acknowledgement is the quality measure; <see cref="DueAt"/> is the target it is held against.
/// </summary>
public sealed class CriticalFindingNotification : VersionedEntity
{
    public static readonly TimeSpan DefaultTarget = TimeSpan.FromMinutes(30);

    public static readonly TransitionTable<NotificationStatus> Transitions = new(
        "Critical finding notification",
        (NotificationStatus.Open, NotificationStatus.Acknowledged));

    private CriticalFindingNotification(Guid reportKey, Guid orderKey, DateTimeOffset raisedAt, DateTimeOffset dueAt)
    {
        ReportKey = reportKey;
        OrderKey = orderKey;
        RaisedAt = raisedAt;
        DueAt = dueAt;
    }

    public Guid ReportKey { get; private set; }

    public Guid OrderKey { get; private set; }

    public NotificationStatus Status { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    /// <summary>A notification for a signed report whose critical-finding flag is set.</summary>
    public static CriticalFindingNotification Raise(RadiologyReport report, TimeSpan target)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Status != ReportStatus.Signed || !report.Sections.CriticalFinding || report.SignedAt is not { } signedAt)
        {
            throw new DomainException($"Report {report.Id} is not a signed report with a critical finding");
        }

        if (target <= TimeSpan.Zero)
        {
            throw new DomainException("the acknowledgement target must be positive");
        }

        return new CriticalFindingNotification(report.Id, report.OrderKey, signedAt, signedAt + target);
    }

    /// <returns>How long the acknowledgement took.</returns>
    public TimeSpan Acknowledge(string clinicianId, DateTimeOffset at)
    {
        Transitions.Ensure(Id, Status, NotificationStatus.Acknowledged, "acknowledging");
        AcknowledgedBy = clinicianId;
        AcknowledgedAt = at;
        Status = NotificationStatus.Acknowledged;
        Changed();
        return at - RaisedAt;
    }
}
