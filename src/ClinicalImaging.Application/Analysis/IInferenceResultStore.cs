using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Analysis;

/// <summary>An instance to analyse, with what routing and the metrics need to know about it.</summary>
/// <param name="Instance">Where its object is.</param>
/// <param name="StudyKey">Its study's internal key.</param>
/// <param name="Modality">Its series' Modality (0008,0060).</param>
/// <param name="BodyPart">Its series' Body Part Examined (0018,0015).</param>
/// <param name="IngestedAt">When it was registered.</param>
public sealed record AnalysisTarget(StoredInstance Instance, Guid StudyKey, string? Modality, string? BodyPart, DateTimeOffset IngestedAt);

/// <summary>The persisted inference results, their findings and each study's triage.</summary>
public interface IInferenceResultStore
{
    Task<bool> HasResultAsync(Guid instanceId, string modelId, string modelVersion, CancellationToken cancellationToken);

    /// <summary>The instance, or null when it is no longer stored.</summary>
    Task<AnalysisTarget?> GetTargetAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>The study's instances, in series and instance order; null when no such study is stored.</summary>
    Task<IReadOnlyList<AnalysisTarget>?> GetStudyTargetsAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the result with its findings and raises the study's computed priority to the highest of its results, in
    /// one transaction. False when a result for the same instance, model and version exists already (it is kept).
    /// </summary>
    Task<bool> SaveAsync(InferenceResult result, CancellationToken cancellationToken);

    /// <summary>The study's results (newest first) and triage; null when no such study is stored.</summary>
    Task<StudyInferenceResultsView?> GetStudyResultsAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken);

    /// <summary>The blob key of a result's heatmap or overlay; null when the result or the image does not exist.</summary>
    Task<string?> GetExplanationImageKeyAsync(Guid resultId, ExplanationImage image, CancellationToken cancellationToken);

    /// <summary>Overrides the study's priority, writing <paramref name="audit"/> in the same transaction.</summary>
    /// <exception cref="Common.Exceptions.NotFoundException">No such study.</exception>
    Task<StudyTriageView> OverridePriorityAsync(
        DicomUid studyInstanceUid, TriagePriority priority, string reason, string actorId, Audit.AuditRecord audit, CancellationToken cancellationToken);
}

public enum ExplanationImage
{
    /// <summary>The class activation map in the jet colormap.</summary>
    Heatmap,

    /// <summary>The heatmap blended over the windowed image.</summary>
    Overlay,
}
