namespace ClinicalImaging.Application.Inference;

/// <summary>A class activation map in the original image's pixel grid.</summary>
/// <param name="Method">The CAM method.</param>
/// <param name="TargetLabel">The class explained.</param>
/// <param name="TargetLayers">The layer outputs fused.</param>
/// <param name="Width">Original image columns.</param>
/// <param name="Height">Original image rows.</param>
/// <param name="Heatmap">Width x height values in 0..1, row-major (ReLU, min-max, upsampled, mapped back through the letterbox).</param>
/// <param name="HeatmapPng">The heatmap in the jet colormap, or null when images were not requested.</param>
/// <param name="OverlayPng">The heatmap blended over the windowed image, or null when images were not requested.</param>
/// <param name="Regions">Connected areas above the threshold, strongest first.</param>
/// <param name="Quality">Confidence changes when the input is kept only where the map is high, and only where it is low.</param>
public sealed record Explanation(
    CamMethod Method,
    string TargetLabel,
    IReadOnlyList<string> TargetLayers,
    int Width,
    int Height,
    float[] Heatmap,
    byte[]? HeatmapPng,
    byte[]? OverlayPng,
    IReadOnlyList<AttentionRegion> Regions,
    ExplanationQuality Quality);

/// <summary>An 8-connected area of the heatmap above the threshold, in original image pixels.</summary>
/// <param name="X">Left column (inclusive).</param>
/// <param name="Y">Top row (inclusive).</param>
/// <param name="Width">Columns spanned.</param>
/// <param name="Height">Rows spanned.</param>
/// <param name="PeakX">Column of the strongest pixel.</param>
/// <param name="PeakY">Row of the strongest pixel.</param>
/// <param name="PeakActivation">The strongest heatmap value in the region.</param>
/// <param name="MeanActivation">The mean heatmap value over the region's pixels.</param>
/// <param name="Area">The number of pixels in the region.</param>
public sealed record AttentionRegion(int X, int Y, int Width, int Height, int PeakX, int PeakY, float PeakActivation, float MeanActivation, int Area);

/// <summary>
/// Faithfulness of a map for its target class (definitions in docs/explainability.md): probabilities of the target
/// for the original input x, for x ⊙ M (kept where the map is high) and for x ⊙ (1 − M) (kept where it is low).
/// </summary>
/// <param name="Probability">p(x).</param>
/// <param name="ProbabilityKeepingMap">p(x ⊙ M).</param>
/// <param name="ProbabilityRemovingMap">p(x ⊙ (1 − M)).</param>
public sealed record ExplanationQuality(float Probability, float ProbabilityKeepingMap, float ProbabilityRemovingMap)
{
    /// <summary>p(x ⊙ M) − p(x): near 0 or positive when the map holds the evidence.</summary>
    public float ConfidenceChangeKeepingMap => ProbabilityKeepingMap - Probability;

    /// <summary>p(x ⊙ (1 − M)) − p(x): strongly negative when the map holds the evidence.</summary>
    public float ConfidenceChangeRemovingMap => ProbabilityRemovingMap - Probability;

    /// <summary>p(x ⊙ M) − p(x ⊙ (1 − M)), in −1..1: higher is a more faithful map.</summary>
    public float Score => ProbabilityKeepingMap - ProbabilityRemovingMap;
}
