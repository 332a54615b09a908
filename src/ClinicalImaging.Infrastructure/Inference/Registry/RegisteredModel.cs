using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>A validated model: its manifest, its one shared session (ORT's Run is thread-safe) and the head's weights.</summary>
public sealed class RegisteredModel : IDisposable
{
    internal RegisteredModel(
        ModelManifest manifest, string directory, OnnxSession session, ModelDescriptor descriptor, float[]? classifierWeight, int featureChannels)
    {
        Manifest = manifest;
        Directory = directory;
        Session = session;
        Descriptor = descriptor;
        ClassifierWeight = classifierWeight;
        FeatureChannels = featureChannels;
    }

    public ModelManifest Manifest { get; }

    public string Directory { get; }

    public OnnxSession Session { get; }

    public ModelDescriptor Descriptor { get; }

    public string Id => Manifest.Id;

    public int LabelCount => Manifest.Labels.Count;

    public int InputChannels => Manifest.Preprocessing.Channels.Count;

    public int InputSize => Manifest.Preprocessing.InputSize;

    /// <summary>The GAP-linear head's weight W, K x C row-major (read once at load), or null for other heads.</summary>
    public float[]? ClassifierWeight { get; }

    /// <summary>C, the channels of the layer that feeds the head (0 without a GAP-linear head).</summary>
    public int FeatureChannels { get; }

    public void Dispose() => Session.Dispose();
}
