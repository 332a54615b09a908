namespace ClinicalImaging.Application.Analysis;

/// <summary>An installed model as routing knows it: enough to name and version a job without loading the model.</summary>
public sealed record RoutedModel(string Id, string Version);

/// <summary>
/// Which models run for which images (configuration <c>Inference:Routing</c>; by default each model's manifest:
/// its modalities and body parts). Needs no model runtime, so the API role can route what it ingests.
/// </summary>
public interface IInferenceRouter
{
    /// <summary>True when ingest queues the routed models for every new instance.</summary>
    bool EnqueueOnIngest { get; }

    /// <summary>The models for an image of <paramref name="modality"/> and <paramref name="bodyPart"/> (case-insensitive); empty when none.</summary>
    IReadOnlyList<RoutedModel> ModelsFor(string? modality, string? bodyPart);

    /// <summary>The installed model with this id.</summary>
    /// <exception cref="Inference.ModelNotAvailableException">No model has that id.</exception>
    RoutedModel Get(string modelId);
}
