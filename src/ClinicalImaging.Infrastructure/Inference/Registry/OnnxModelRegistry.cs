using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// The models of one folder, loaded and validated once (every <c>&lt;id&gt;/manifest.json</c>), each with one shared
/// session. A folder that fails validation is left out and logged; <see cref="Rejected"/> keeps why.
/// </summary>
public sealed partial class OnnxModelRegistry : IModelRegistry, IDisposable
{
    private readonly SortedDictionary<string, RegisteredModel> _models = new(StringComparer.Ordinal);

    /// <param name="environment">The process's ORT environment.</param>
    /// <param name="options">Where the models are.</param>
    /// <param name="logger">Logs each model loaded or rejected.</param>
    /// <param name="sessionOptions">Settings of every model's sessions; null for the defaults.</param>
    /// <param name="parallelRuns">The most concurrent sub-batch runs of one batch (<see cref="InferenceThreadingOptions.ParallelRuns"/>, resolved).</param>
    public OnnxModelRegistry(
        OnnxRuntimeEnvironment environment, ModelRegistryOptions options, ILogger<OnnxModelRegistry> logger, OnnxSessionOptions? sessionOptions = null, int parallelRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ModelsDirectory = options.ResolveDirectory();
        var rejected = new List<ModelManifestException>();
        foreach (var folder in Directory.EnumerateDirectories(ModelsDirectory).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, ModelLoader.ManifestFileName)))
            {
                continue; // e.g. models/training
            }

            try
            {
                var model = ModelLoader.Load(environment, folder, sessionOptions, parallelRuns);
                _models.Add(model.Id, model);
                LogLoaded(logger, model.Id, model.Manifest.Version);
            }
            catch (ModelManifestException e)
            {
                rejected.Add(e);
                LogRejected(logger, Path.GetFileName(folder), e.Message);
            }
        }

        Rejected = rejected;
        Models = _models.Values.Select(m => m.Descriptor).ToArray();
    }

    public string ModelsDirectory { get; }

    public IReadOnlyList<ModelDescriptor> Models { get; }

    /// <summary>The folders that have a manifest but cannot be served, with the reason.</summary>
    public IReadOnlyList<ModelManifestException> Rejected { get; }

    public ModelDescriptor Get(string modelId) => Resolve(modelId).Descriptor;

    /// <summary>The loaded model with its session.</summary>
    /// <exception cref="ModelNotAvailableException">No model has that id.</exception>
    public RegisteredModel Resolve(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _models.TryGetValue(modelId, out var model)
            ? model
            : throw new ModelNotAvailableException($"No model '{modelId}'; available: {string.Join(", ", _models.Keys)}.");
    }

    public ModelDescriptor Select(string modality, string? bodyPart) =>
        Serving(modality, bodyPart) is [var best, ..]
            ? best
            : throw new ModelNotAvailableException(
            $"No model serves modality '{modality}'{(bodyPart is null ? "" : $" and body part '{bodyPart}'")}; available: " +
            string.Join("; ", Models.Select(m => $"{m.Id} ({string.Join("/", m.Modalities)}: {string.Join("/", m.BodyParts)})")));

    /// <summary>
    /// Every model for the image, best first: those listing the exact body part, then (body part unknown, or a model
    /// without body parts) those matching the modality alone; by id within each group.
    /// </summary>
    public IReadOnlyList<ModelDescriptor> Serving(string modality, string? bodyPart)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modality);
        var byModality = Models.Where(m => m.Modalities.Contains(modality.Trim(), StringComparer.OrdinalIgnoreCase)).ToArray();
        var part = bodyPart?.Trim();
        if (string.IsNullOrEmpty(part))
        {
            return byModality;
        }

        var exact = byModality.Where(m => m.BodyParts.Contains(part, StringComparer.OrdinalIgnoreCase));
        var general = byModality.Where(m => m.BodyParts.Count == 0);
        return [.. exact, .. general];
    }

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Dispose();
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Loaded model {ModelId} version {Version}")]
    private static partial void LogLoaded(ILogger logger, string modelId, string version);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Rejected model folder {Folder}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string folder, string reason);
}
