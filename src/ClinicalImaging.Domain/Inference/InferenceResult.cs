using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Inference;

/// <summary>Monte Carlo dropout uncertainty of a result (definitions in docs/explainability.md).</summary>
/// <param name="Samples">The number of stochastic passes.</param>
/// <param name="PredictiveEntropy">Total uncertainty in nats (multi-label: the largest over labels).</param>
/// <param name="MutualInformation">The epistemic part in nats (multi-label: the largest over labels).</param>
/// <param name="Normalized">Predictive entropy over its maximum (ln of the class count, or ln 2 per label): 0 certain, 1 no idea.</param>
public sealed record UncertaintySummary(int Samples, float PredictiveEntropy, float MutualInformation, float Normalized);

/// <summary>The class activation map kept with a result.</summary>
/// <param name="CamMethod">The method's name as the API spells it, e.g. <c>gradcam</c>.</param>
/// <param name="TargetLabel">The label explained.</param>
/// <param name="HeatmapBlobKey">The heatmap PNG in the blob store.</param>
/// <param name="OverlayBlobKey">The heatmap blended over the image, a PNG in the blob store.</param>
/// <param name="AttentionRegions">Areas above the threshold, strongest first.</param>
/// <param name="QualityScore">Faithfulness p(x ⊙ M) − p(x ⊙ (1 − M)) in −1..1: higher means the map holds the evidence.</param>
public sealed record ExplanationSummary(
    string CamMethod,
    string TargetLabel,
    string? HeatmapBlobKey,
    string? OverlayBlobKey,
    IReadOnlyList<ImageRegion> AttentionRegions,
    float? QualityScore);

/// <summary>What the triage rules made of a result.</summary>
/// <param name="Priority">The highest priority of the rules that matched.</param>
/// <param name="NeedsReview">True when confidence is low or uncertainty high.</param>
/// <param name="ReviewReasons">Why review is needed, as stable codes (see <see cref="ReviewReasonCodes"/>).</param>
public sealed record TriageOutcome(TriagePriority Priority, bool NeedsReview, IReadOnlyList<string> ReviewReasons);

/// <summary>When the work happened.</summary>
/// <param name="QueuedAt">When the analysis was queued; null for a run that was not queued.</param>
/// <param name="StartedAt">When the worker began (reading the image included).</param>
/// <param name="CompletedAt">When the result was ready to store.</param>
/// <param name="InferenceDuration">Model runs, explanation and uncertainty together.</param>
public sealed record InferenceTimings(DateTimeOffset? QueuedAt, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, TimeSpan InferenceDuration);

/// <summary>Everything a result records, before it becomes one.</summary>
public sealed record InferenceResultDescription(
    Guid InstanceKey,
    Guid StudyKey,
    Guid? JobId,
    string ModelId,
    string ModelVersion,
    string ModelTask,
    IReadOnlyList<LabelProbability> Probabilities,
    UncertaintySummary? Uncertainty,
    ExplanationSummary? Explanation,
    TriageOutcome Triage,
    InferenceTimings Timings);

/// <summary>Stable codes for why a result needs a person to look at it.</summary>
public static class ReviewReasonCodes
{
    public const string LowConfidence = "low-confidence";
    public const string HighUncertainty = "high-uncertainty";
}

/// <summary>
/// One model's analysis of one stored instance: probabilities, uncertainty, explanation, triage and the findings a
/// radiologist reads. One result per (instance, model, model version): running the same analysis again finds it.
/// </summary>
public sealed class InferenceResult : Entity
{
    public const int MaxModelIdLength = 128;
    public const int MaxModelVersionLength = 64;

    private readonly List<Finding> _findings = [];

    private InferenceResult(Guid instanceKey, Guid studyKey, string modelId, string modelVersion, string modelTask)
    {
        InstanceKey = instanceKey;
        StudyKey = studyKey;
        ModelId = modelId;
        ModelVersion = modelVersion;
        ModelTask = modelTask;
    }

    public Guid InstanceKey { get; private set; }

    /// <summary>The instance's study, kept here so that a study's results are one indexed lookup.</summary>
    public Guid StudyKey { get; private set; }

    /// <summary>The job that produced the result, when a job did.</summary>
    public Guid? JobId { get; private set; }

    public string ModelId { get; private set; }

    public string ModelVersion { get; private set; }

    /// <summary><c>multi-class</c> or <c>multi-label</c>.</summary>
    public string ModelTask { get; private set; }

    /// <summary>Every label in the model's order.</summary>
    public IReadOnlyList<LabelProbability> Probabilities { get; private set; } = [];

    /// <summary>The highest probability over the labels.</summary>
    public float Confidence { get; private set; }

    public UncertaintySummary? Uncertainty { get; private set; }

    public string? CamMethod { get; private set; }

    public string? CamTargetLabel { get; private set; }

    public string? HeatmapBlobKey { get; private set; }

    public string? OverlayBlobKey { get; private set; }

    public IReadOnlyList<ImageRegion> AttentionRegions { get; private set; } = [];

    public float? QualityScore { get; private set; }

    public TriagePriority Priority { get; private set; }

    public bool NeedsReview { get; private set; }

    public IReadOnlyList<string> ReviewReasons { get; private set; } = [];

    public DateTimeOffset? QueuedAt { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset CompletedAt { get; private set; }

    public double InferenceDurationMs { get; private set; }

    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>Stamps the result and its findings as written at <paramref name="now"/> (they are written together).</summary>
    public void TouchWithFindings(DateTimeOffset now)
    {
        Touch(now);
        foreach (var finding in _findings)
        {
            finding.Touch(now);
        }
    }

    public static InferenceResult Record(InferenceResultDescription description, IReadOnlyList<FindingDescription> findings)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(findings);
        Require.Text(description.ModelId, "The model id", MaxModelIdLength);
        Require.Text(description.ModelVersion, "The model version", MaxModelVersionLength);
        if (description.ModelTask is not ("multi-class" or "multi-label"))
        {
            throw new DomainException($"Model task '{description.ModelTask}' is neither multi-class nor multi-label");
        }

        if (description.Probabilities.Count == 0)
        {
            throw new DomainException($"The result of model {description.ModelId} has no probabilities");
        }

        foreach (var label in description.Probabilities)
        {
            Require.Probability(label.Probability, $"The probability of label '{label.Label}'");
        }

        var timings = description.Timings;
        if (timings.CompletedAt < timings.StartedAt || timings.InferenceDuration < TimeSpan.Zero)
        {
            throw new DomainException($"The timings of model {description.ModelId}'s result run backwards");
        }

        var result = new InferenceResult(description.InstanceKey, description.StudyKey, description.ModelId, description.ModelVersion, description.ModelTask)
        {
            JobId = description.JobId,
            Probabilities = [.. description.Probabilities],
            Confidence = description.Probabilities.Max(p => p.Probability),
            Uncertainty = description.Uncertainty,
            CamMethod = description.Explanation?.CamMethod,
            CamTargetLabel = description.Explanation?.TargetLabel,
            HeatmapBlobKey = description.Explanation?.HeatmapBlobKey,
            OverlayBlobKey = description.Explanation?.OverlayBlobKey,
            AttentionRegions = [.. description.Explanation?.AttentionRegions ?? []],
            QualityScore = description.Explanation?.QualityScore,
            Priority = description.Triage.Priority,
            NeedsReview = description.Triage.NeedsReview,
            ReviewReasons = [.. description.Triage.ReviewReasons],
            QueuedAt = timings.QueuedAt,
            StartedAt = timings.StartedAt,
            CompletedAt = timings.CompletedAt,
            InferenceDurationMs = timings.InferenceDuration.TotalMilliseconds,
        };
        for (var i = 0; i < findings.Count; i++)
        {
            result._findings.Add(Finding.Create(result, i, findings[i]));
        }

        return result;
    }
}
