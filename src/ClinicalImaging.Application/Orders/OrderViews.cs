using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Orders;

namespace ClinicalImaging.Application.Orders;

/// <summary>An imaging order (a scheduled study) as the API shows it; <see cref="Version"/> is what a change must state.</summary>
public sealed record OrderView(
    Guid Id,
    string OrderNumber,
    string AccessionNumber,
    PatientView Patient,
    string Modality,
    string? BodyPart,
    string? Description,
    string? Indication,
    OrderPriority Priority,
    DateTimeOffset ScheduledAt,
    string? PerformingFacility,
    OrderStatus Status,
    string? StudyInstanceUid,
    string OrderedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ReportedAt,
    int Version);

/// <summary>Filters for the order list, all optional and combined with AND; newest scheduled first, a page at a time.</summary>
public sealed record OrderSearch(
    OrderStatus? Status,
    string? Modality,
    OrderPriority? Priority,
    string? PatientId,
    DateTimeOffset? ScheduledFrom,
    DateTimeOffset? ScheduledTo,
    int Offset,
    int Limit);

/// <summary>A study already in the archive that an order's accession number and patient point at.</summary>
public sealed record ArrivedStudy(Guid StudyKey, DateTimeOffset FirstReceivedAt);
