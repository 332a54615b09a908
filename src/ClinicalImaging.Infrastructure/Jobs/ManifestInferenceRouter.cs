using System.Text.Json;
using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Jobs;

/// <summary>
/// Routes images to models by the configured rules, or, with none configured, by each model's manifest (a model that
/// lists body parts serves only those; one that lists none serves its whole modality). Reads only the manifests, not
/// the models, so it needs no ONNX Runtime: the API role routes what it ingests and the worker role runs it.
/// A rule naming a model that is not installed stops start-up.
/// </summary>
public sealed partial class ManifestInferenceRouter : IInferenceRouter
{
    private readonly Dictionary<string, RoutedModel> _installed;
    private readonly List<Rule> _rules;

    public ManifestInferenceRouter(InferenceRoutingOptions routing, ModelRegistryOptions models, ILogger<ManifestInferenceRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(models);
        EnqueueOnIngest = routing.EnqueueOnIngest;
        var manifests = ReadManifests(models, logger);
        _installed = manifests.ToDictionary(m => m.Id, m => new RoutedModel(m.Id, m.Version), StringComparer.Ordinal);
        _rules = routing.Rules.Count > 0
            ? routing.Rules.Select((rule, i) => Configured(rule, i)).ToList()
            : manifests.SelectMany(m => m.Modalities.Select(modality => new Rule(modality, [.. m.BodyParts], [_installed[m.Id]]))).ToList();
    }

    public bool EnqueueOnIngest { get; }

    public IReadOnlyList<RoutedModel> ModelsFor(string? modality, string? bodyPart)
    {
        if (string.IsNullOrWhiteSpace(modality))
        {
            return [];
        }

        var part = bodyPart?.Trim();
        return _rules
            .Where(r => string.Equals(r.Modality, modality.Trim(), StringComparison.OrdinalIgnoreCase)
                        && (r.BodyParts.Count == 0 || (part is { Length: > 0 } && r.BodyParts.Contains(part, StringComparer.OrdinalIgnoreCase))))
            .SelectMany(r => r.Models)
            .Distinct()
            .ToArray();
    }

    public RoutedModel Get(string modelId) =>
        _installed.TryGetValue(modelId, out var model)
            ? model
            : throw new ModelNotAvailableException($"No model '{modelId}' is installed; installed: {string.Join(", ", _installed.Keys.Order(StringComparer.Ordinal))}");

    private Rule Configured(InferenceRoutingRule rule, int index)
    {
        if (string.IsNullOrWhiteSpace(rule.Modality) || rule.Models.Count == 0)
        {
            throw new InvalidOperationException($"{InferenceRoutingOptions.Section}:Rules:{index} needs a Modality and at least one model");
        }

        var routed = rule.Models.Select(id => _installed.TryGetValue(id, out var model)
            ? model
            : throw new InvalidOperationException(
                $"{InferenceRoutingOptions.Section}:Rules:{index} names model '{id}', which is not installed (installed: {string.Join(", ", _installed.Keys)})"));
        return new Rule(rule.Modality.Trim(), [.. rule.BodyParts.Select(p => p.Trim())], [.. routed]);
    }

    private static List<ModelManifest> ReadManifests(ModelRegistryOptions options, ILogger logger)
    {
        string directory;
        try
        {
            directory = options.ResolveDirectory();
        }
        catch (DirectoryNotFoundException error)
        {
            LogNoModels(logger, error.Message);
            return [];
        }

        var manifests = new List<ModelManifest>();
        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, ModelLoader.ManifestFileName);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using var stream = File.OpenRead(path);
                if (JsonSerializer.Deserialize<ModelManifest>(stream, ModelManifest.SerializerOptions) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
            catch (JsonException error)
            {
                // The registry reports the same folder with every problem when a worker loads it.
                LogUnreadableManifest(logger, Path.GetFileName(folder), error.Message);
            }
        }

        return manifests;
    }

    private sealed record Rule(string Modality, IReadOnlyList<string> BodyParts, IReadOnlyList<RoutedModel> Models);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Warning, Message = "No models folder: nothing is routed to a model ({Reason})")]
    private static partial void LogNoModels(ILogger logger, string reason);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Warning, Message = "Model folder {Folder}: manifest unreadable, not routed ({Reason})")]
    private static partial void LogUnreadableManifest(ILogger logger, string folder, string reason);
}
