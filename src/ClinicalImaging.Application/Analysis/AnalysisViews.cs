using ClinicalImaging.Domain.Inference;

namespace ClinicalImaging.Application.Analysis;

/// <summary>A study's results and triage, as radiologists and AI services read them.</summary>
public sealed record StudyInferenceResultsView(string StudyInstanceUid, StudyTriageView? Triage, IReadOnlyList<InferenceResultView> Results);

/// <summary>A study's place in the reading queue (null triage: nothing analysed yet).</summary>
public sealed record StudyTriageView(
    TriagePriority Priority,
    TriagePriority ComputedPriority,
    bool NeedsReview,
    TriagePriority? OverridePriority,
    string? OverrideReason,
    string? OverriddenBy,
    DateTimeOffset? OverriddenAt);

/// <summary>One model's result for one instance; heatmap and overlay PNGs are served by their own routes.</summary>
public sealed record InferenceResultView(
    Guid Id,
    string SeriesInstanceUid,
    string SopInstanceUid,
    Guid? JobId,
    string ModelId,
    string ModelVersion,
    string ModelTask,
    IReadOnlyList<LabelProbability> Probabilities,
    float Confidence,
    UncertaintySummary? Uncertainty,
    string? CamMethod,
    string? CamTargetLabel,
    bool HasHeatmap,
    bool HasOverlay,
    IReadOnlyList<ImageRegion> AttentionRegions,
    float? QualityScore,
    TriagePriority Priority,
    bool NeedsReview,
    IReadOnlyList<string> ReviewReasons,
    DateTimeOffset? QueuedAt,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    double InferenceDurationMs,
    IReadOnlyList<FindingView> Findings);

/// <summary>A finding as a radiologist reads it.</summary>
public sealed record FindingView(
    string Label,
    float Confidence,
    double Threshold,
    TriagePriority Severity,
    string? LocationDescription,
    ImageRegion? Location,
    string Recommendation);
