using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// <c>models/&lt;id&gt;/manifest.json</c> (schema: models/README.md and decision records 0402-0404). Only the fields the
/// runtime needs are bound; the rest (training script, checksums of data...) stays documentation.
/// </summary>
public sealed record ModelManifest
{
    public required string Id { get; init; }

    public string Version { get; init; } = "0";

    public string Title { get; init; } = "";

    public string IntendedUse { get; init; } = "";

    /// <summary>"multi-class" or "multi-label".</summary>
    public required string Task { get; init; }

    public required IReadOnlyList<string> Labels { get; init; }

    public required IReadOnlyList<string> Modalities { get; init; }

    public IReadOnlyList<string> BodyParts { get; init; } = [];

    public string File { get; init; } = "model.onnx";

    /// <summary>SHA-256 of the model file, hex; checked at load when present.</summary>
    public string? Sha256 { get; init; }

    public required ManifestInput Input { get; init; }

    public required ManifestPreprocessing Preprocessing { get; init; }

    public required ManifestOutputs Outputs { get; init; }

    public ManifestHead? Head { get; init; }

    public ManifestCam? Cam { get; init; }

    public ManifestMcDropout? McDropout { get; init; }

    /// <summary>Decision threshold per label; labels without one use 0.5.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();

    internal static JsonSerializerOptions SerializerOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

public sealed record ManifestInput
{
    public required string Name { get; init; }

    public string Layout { get; init; } = "NCHW";

    public string Dtype { get; init; } = "float32";

    /// <summary>Dimensions: numbers are fixed sizes, strings name symbolic ones (e.g. "batch").</summary>
    public required IReadOnlyList<JsonElement> Shape { get; init; }
}

public sealed record ManifestPreprocessing
{
    /// <summary>"rescale": modality values = stored × slope + intercept (done before the engine sees the image).</summary>
    public string ModalityLut { get; init; } = "rescale";

    public required int InputSize { get; init; }

    public ManifestResize Resize { get; init; } = new();

    /// <summary>One VOI step per input channel.</summary>
    public required IReadOnlyList<ManifestChannel> Channels { get; init; }

    public required IReadOnlyList<float> Mean { get; init; }

    public required IReadOnlyList<float> Std { get; init; }
}

public sealed record ManifestResize
{
    public string Mode { get; init; } = "aspect_preserving_pad";

    public string Interpolation { get; init; } = "bilinear";

    public string Coordinates { get; init; } = "half_pixel";

    public bool Antialias { get; init; }

    public string PadAlignment { get; init; } = "center";

    public float PadValueBeforeNormalisation { get; init; }
}

/// <summary>A VOI step: <c>window</c> (center, width) or <c>percentile</c> (lower, upper, in percent).</summary>
public sealed record ManifestChannel
{
    public required string Type { get; init; }

    public string? Name { get; init; }

    public float Center { get; init; }

    public float Width { get; init; }

    public double Lower { get; init; }

    public double Upper { get; init; }
}

public sealed record ManifestOutputs
{
    public required string Logits { get; init; }

    public string? Probabilities { get; init; }

    /// <summary>"softmax" (multi-class) or "sigmoid" (multi-label).</summary>
    public required string Activation { get; init; }
}

public sealed record ManifestHead
{
    /// <summary>"gap-linear": logits = W · mean_hw(features) + b, which makes Grad-CAM exact in closed form.</summary>
    public required string Type { get; init; }

    public string? ClassifierWeight { get; init; }

    public string? ClassifierBias { get; init; }
}

public sealed record ManifestCam
{
    public required IReadOnlyList<ManifestCamLayer> TargetLayers { get; init; }

    public IReadOnlyList<string> LesionLabels { get; init; } = [];
}

public sealed record ManifestCamLayer
{
    public required string Output { get; init; }

    public int Stride { get; init; }

    /// <summary>True when this layer feeds the GAP-linear head directly, so its gradient is exact in closed form.</summary>
    public bool ExactGradient { get; init; }

    /// <summary>pytorch-grad-cam names: GradCAM, GradCAM++, XGradCAM, LayerCAM, ScoreCAM, EigenCAM.</summary>
    public required IReadOnlyList<string> Methods { get; init; }
}

public sealed record ManifestMcDropout
{
    /// <summary>The bool scalar input: false for the deterministic prediction, true draws a fresh mask per run.</summary>
    public required string Input { get; init; }

    public bool DeterministicValue { get; init; }

    public double Rate { get; init; }

    public string? MaskOutput { get; init; }
}
