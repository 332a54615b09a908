using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Reviews;

/// <summary>The AI result a review is about, as much of it as the review needs.</summary>
/// <param name="InferenceResultId">The result.</param>
/// <param name="StudyKey">The archived study of the analysed image.</param>
/// <param name="AnalysedAt">When the analysis completed: the start of the review delay.</param>
public sealed record ReviewSubject(Guid InferenceResultId, Guid StudyKey, DateTimeOffset AnalysedAt);

/// <summary>A review as the API shows it; <see cref="Version"/> is what a claim, release or decision must state.</summary>
public sealed record ReviewView(
    Guid InferenceResultId,
    ReviewStatus Status,
    string? AssigneeId,
    DateTimeOffset? ClaimedAt,
    ReviewVerdict? Verdict,
    string? ReviewedBy,
    DateTimeOffset? ReviewedAt,
    int Version);

/// <summary>A final review with what the AI had said and how triage ranked it, the material of a report draft.</summary>
public sealed record ReviewedResult(
    Guid InferenceResultId,
    string ModelId,
    IReadOnlyList<string> AiPositiveLabels,
    TriagePriority Priority,
    ReviewVerdict Verdict);

/// <summary>Filters of the worklist, all optional and combined with AND.</summary>
/// <param name="Priority">The triage priority's name (normal, routine, urgent, critical).</param>
/// <param name="Modality">The analysed image's series modality.</param>
/// <param name="Status">Pending or InReview; without it, both (final reviews are not on the worklist).</param>
/// <param name="AssigneeId">Only items claimed by this actor.</param>
/// <param name="Limit">At most this many items.</param>
public sealed record WorklistFilter(string? Priority, string? Modality, ReviewStatus? Status, string? AssigneeId, int Limit);

/// <summary>One AI result waiting for a radiologist: critical first, then the oldest.</summary>
public sealed record WorklistItem(
    Guid InferenceResultId,
    Guid InstanceId,
    string StudyInstanceUid,
    string? AccessionNumber,
    string? Modality,
    string? BodyPart,
    string Priority,
    string ModelId,
    DateTimeOffset AnalysedAt,
    ReviewStatus Status,
    string? AssigneeId,
    int Version);

/// <summary>An annotation as the API shows it.</summary>
public sealed record AnnotationView(
    Guid Id,
    Guid InstanceId,
    AnnotationKind Kind,
    IReadOnlyList<double> Coordinates,
    string? Text,
    double? LengthMm,
    string AuthorId,
    DateTimeOffset CreatedAt);
