using ClinicalImaging.Domain.Reports;

namespace ClinicalImaging.Application.Reports;

/// <summary>One version of a radiology report; <see cref="Version"/> is what an edit or signature must state.</summary>
public sealed record ReportView(
    Guid Id,
    Guid OrderId,
    string AccessionNumber,
    int Revision,
    Guid? PreviousReportId,
    ReportSections Sections,
    ReportStatus Status,
    string AuthorId,
    string? SignedBy,
    DateTimeOffset? SignedAt,
    DateTimeOffset? SupersededAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>A critical-finding notification and how its acknowledgement stands against the target.</summary>
public sealed record CriticalFindingView(
    Guid Id,
    Guid ReportId,
    Guid OrderId,
    string AccessionNumber,
    NotificationStatus Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    bool Overdue,
    int Version);
