namespace ClinicalImaging.Application.Inference;

/// <summary>Analyse one image.</summary>
/// <param name="Image">The frame to analyse.</param>
/// <param name="ModelId">The model to run; null lets the registry choose by modality and body part.</param>
/// <param name="Explanation">A class activation map to compute, or null for none.</param>
public sealed record InferenceRequest(InferenceImage Image, string? ModelId = null, ExplanationRequest? Explanation = null);

/// <summary>What explanation to compute.</summary>
/// <param name="Method">The CAM method.</param>
/// <param name="TargetLabel">The class to explain; null explains the most probable class.</param>
/// <param name="TargetLayers">Target layer outputs to fuse (mean of normalised maps); null uses every layer of the
/// manifest that supports <paramref name="Method"/>.</param>
/// <param name="OverlayAlpha">Weight of the heatmap in the overlay PNG, 0..1.</param>
/// <param name="RegionThreshold">Normalised activation (0..1) above which pixels form attention regions.</param>
/// <param name="RenderImages">False skips the heatmap and overlay PNGs (batch scoring, tests).</param>
public sealed record ExplanationRequest(
    CamMethod Method = CamMethod.GradCam,
    string? TargetLabel = null,
    IReadOnlyList<string>? TargetLayers = null,
    double OverlayAlpha = 0.4,
    double RegionThreshold = 0.5,
    bool RenderImages = true);

/// <summary>Monte Carlo dropout: <paramref name="Samples"/> stochastic passes over one image.</summary>
public sealed record UncertaintyRequest(InferenceImage Image, string? ModelId = null, int Samples = 30);

/// <summary>Several models on one image; null <paramref name="ModelIds"/> runs every model that serves the image.</summary>
public sealed record EnsembleRequest(InferenceImage Image, IReadOnlyList<string>? ModelIds = null);
