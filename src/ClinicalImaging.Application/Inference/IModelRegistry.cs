namespace ClinicalImaging.Application.Inference;

/// <summary>The models this deployment can run.</summary>
public interface IModelRegistry
{
    /// <summary>Every valid model, ordered by id.</summary>
    IReadOnlyList<ModelDescriptor> Models { get; }

    /// <summary>The model with this id.</summary>
    /// <exception cref="ModelNotAvailableException">No model has that id.</exception>
    ModelDescriptor Get(string modelId);

    /// <summary>
    /// The model for an image: the first (by id) that serves the modality and lists the exact body part, else the first
    /// that serves the modality and lists no body parts. Without a body part, the first that serves the modality.
    /// Comparison is case-insensitive.
    /// </summary>
    /// <exception cref="ModelNotAvailableException">No model fits.</exception>
    ModelDescriptor Select(string modality, string? bodyPart);
}
