using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// A validated model: its manifest, its one shared session (ORT's Run is thread-safe), trimmed copies of it with fewer
/// CAM layer outputs for the runs that want fewer, and the head's weights.
/// </summary>
public sealed class RegisteredModel : IDisposable
{
    // The mc_dropout flag's two values; ORT only reads inputs, so every run may share them.
    private static readonly DenseTensor<bool> s_deterministic = new(new[] { false });
    private static readonly DenseTensor<bool> s_stochastic = new(new[] { true });

    // One image's shape of the logits and of each CAM layer, as the load-time probe run produced them.
    private readonly IReadOnlyDictionary<string, long[]> _imageOutputShapes;

    // The model with fewer CAM layer outputs (none; each alone), by CamOutputsKey of those it keeps (see ModelLoader).
    private readonly IReadOnlyDictionary<string, OnnxSession> _trimmedSessions;

    internal RegisteredModel(
        ModelManifest manifest,
        string directory,
        OnnxSession session,
        IReadOnlyDictionary<string, OnnxSession> trimmedSessions,
        ModelDescriptor descriptor,
        float[]? classifierWeight,
        int featureChannels,
        IReadOnlyDictionary<string, long[]> imageOutputShapes,
        int parallelRuns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelRuns, 1);
        Manifest = manifest;
        Directory = directory;
        Session = session;
        _trimmedSessions = trimmedSessions;
        Descriptor = descriptor;
        ClassifierWeight = classifierWeight;
        FeatureChannels = featureChannels;
        _imageOutputShapes = imageOutputShapes;
        ParallelRuns = parallelRuns;
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

    /// <summary>The most sub-batches one <see cref="Run"/> splits a batch into and runs concurrently (decision 0410).</summary>
    public int ParallelRuns { get; }

    /// <summary>
    /// Runs the model on a preprocessed batch (N x channels x size x size) for the named outputs (the logits and CAM
    /// layers), which ORT writes into pooled buffers; dispose the result when done with them. A batch of several images
    /// runs as up to <see cref="ParallelRuns"/> concurrent sub-batches, each image's outputs the same as in one run.
    /// </summary>
    /// <param name="input">The batch, used in place.</param>
    /// <param name="stochastic">Draw Monte Carlo dropout masks (one per batch row); false for the deterministic prediction.</param>
    /// <param name="outputNames">The logits and/or CAM layer outputs the manifest names.</param>
    /// <param name="cancellationToken">Stops the run at the next node.</param>
    public ModelOutputs Run(DenseTensor<float> input, bool stochastic, IReadOnlyList<string> outputNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputNames);
        var flags = new Dictionary<string, Tensor>(1, StringComparer.Ordinal);
        if (Manifest.McDropout is { } mc)
        {
            flags[mc.Input] = stochastic || mc.DeterministicValue ? s_stochastic : s_deterministic;
        }

        var unknown = outputNames.Where(name => !_imageOutputShapes.ContainsKey(name)).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException(
                $"Model '{Id}' runs only for its logits and CAM layers ({string.Join(", ", _imageOutputShapes.Keys)}), not {string.Join(", ", unknown)}.",
                nameof(outputNames));
        }

        var camOutputs = CamOutputsKey(outputNames.Where(name => name != Manifest.Outputs.Logits));
        var session = _trimmedSessions.GetValueOrDefault(camOutputs, Session);
        return ModelOutputs.Run(session, Manifest.Input.Name, input, flags, outputNames, _imageOutputShapes, ParallelRuns, cancellationToken);
    }

    /// <summary>Names a set of CAM layer outputs independently of their order.</summary>
    internal static string CamOutputsKey(IEnumerable<string> camOutputs) => string.Join('\n', camOutputs.Order(StringComparer.Ordinal));

    public void Dispose()
    {
        foreach (var trimmed in _trimmedSessions.Values)
        {
            trimmed.Dispose();
        }

        Session.Dispose();
    }
}
