namespace ClinicalImaging.Application.Inference;

/// <summary>One image's analysis, as the API returns it and the CLI prints it.</summary>
/// <param name="Image">Which image and frame, and what model selection saw.</param>
/// <param name="ModelId">The model that ran.</param>
/// <param name="ModelVersion">Its manifest version.</param>
/// <param name="Task">Multi-class (softmax) or multi-label (sigmoid).</param>
/// <param name="Findings">Every label with its probability, threshold and decision, most probable first.</param>
/// <param name="TopFinding">The most probable label (the first finding).</param>
/// <param name="Explanation">The class activation map, when a method was asked for.</param>
/// <param name="Ensemble">Every model serving the image, averaged, when asked for.</param>
/// <param name="Uncertainty">Monte Carlo dropout statistics, when asked for.</param>
/// <param name="Timings">Where the time went; null for the items of a batch (see <see cref="BatchAnalysis.Timings"/>).</param>
public sealed record ImageAnalysis(
    AnalyzedImage Image,
    string ModelId,
    string ModelVersion,
    ModelTask Task,
    IReadOnlyList<Finding> Findings,
    Finding TopFinding,
    ExplanationSummary? Explanation,
    EnsembleResult? Ensemble,
    UncertaintyEstimate? Uncertainty,
    AnalysisTimings? Timings);

/// <summary>The analysed image: where it came from and the attributes model selection used. Ids only, no patient data.</summary>
/// <param name="InstanceId">The archive's id, for a stored instance.</param>
/// <param name="SopInstanceUid">SOP Instance UID (0008,0018), when the object has one.</param>
/// <param name="File">The uploaded or local file name, when there is one.</param>
/// <param name="Frame">The frame analysed, from 1.</param>
/// <param name="Modality">Modality (0008,0060).</param>
/// <param name="BodyPart">Body Part Examined (0018,0015), when present.</param>
/// <param name="Rows">Rows of the frame; heatmaps and regions use this pixel grid.</param>
/// <param name="Columns">Columns of the frame.</param>
public sealed record AnalyzedImage(Guid? InstanceId, string? SopInstanceUid, string? File, int Frame, string Modality, string? BodyPart, int Rows, int Columns);

/// <summary>An explanation without its raw map: regions in image pixels, quality, and the PNGs (base64 in JSON).</summary>
/// <param name="Method">The CAM method.</param>
/// <param name="TargetLabel">The class explained.</param>
/// <param name="TargetLayers">The layer outputs fused.</param>
/// <param name="Width">Heatmap width = image columns.</param>
/// <param name="Height">Heatmap height = image rows.</param>
/// <param name="Regions">Areas of the heatmap at or above 0.5, strongest first; boxes in image pixels (origin top left, inclusive).</param>
/// <param name="Quality">Confidence when the input is kept only where the map is high, and only where it is low.</param>
/// <param name="HeatmapPng">The heatmap in the jet colormap, width x height, or null when images were not requested.</param>
/// <param name="OverlayPng">The heatmap over the windowed image, or null when images were not requested.</param>
public sealed record ExplanationSummary(
    CamMethod Method,
    string TargetLabel,
    IReadOnlyList<string> TargetLayers,
    int Width,
    int Height,
    IReadOnlyList<AttentionRegion> Regions,
    ExplanationQuality Quality,
    byte[]? HeatmapPng,
    byte[]? OverlayPng)
{
    public static ExplanationSummary From(Explanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        return new(
            explanation.Method, explanation.TargetLabel, explanation.TargetLayers, explanation.Width, explanation.Height,
            explanation.Regions, explanation.Quality, explanation.HeatmapPng, explanation.OverlayPng);
    }
}

/// <summary>Milliseconds spent on each part of an analysis.</summary>
/// <param name="ReadMs">Reading the object and decoding the frame through its Modality LUT.</param>
/// <param name="ModelMs">The model's run with preprocessing, probabilities and the explanation (one engine call).</param>
/// <param name="EnsembleMs">The ensemble's runs, when asked for.</param>
/// <param name="UncertaintyMs">The Monte Carlo dropout passes, when asked for.</param>
/// <param name="TotalMs">All of it.</param>
public sealed record AnalysisTimings(double ReadMs, double ModelMs, double? EnsembleMs, double? UncertaintyMs, double TotalMs);

/// <summary>Several stored images scored in batched runs (no explanations), in the order asked for.</summary>
public sealed record BatchAnalysis(IReadOnlyList<ImageAnalysis> Results, BatchTimings Timings);

/// <summary>Milliseconds for a whole batch: reading and decoding every image, the batched model runs, and all of it.</summary>
public sealed record BatchTimings(double ReadMs, double ModelMs, double TotalMs);
