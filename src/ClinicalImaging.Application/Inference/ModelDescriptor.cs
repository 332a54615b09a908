namespace ClinicalImaging.Application.Inference;

/// <summary>Whether a model's classes exclude each other (softmax) or are independent findings (sigmoid).</summary>
public enum ModelTask
{
    /// <summary>Exactly one class applies; probabilities come from a softmax over the logits.</summary>
    MultiClass,

    /// <summary>Any subset of labels applies; each probability is the sigmoid of its logit.</summary>
    MultiLabel,
}

/// <summary>What a registered model is and what it serves, as listed by <see cref="IModelRegistry.Models"/>.</summary>
/// <param name="Id">The model's folder name under the models directory.</param>
/// <param name="Version">The manifest's version.</param>
/// <param name="Title">A short human-readable name.</param>
/// <param name="IntendedUse">The manifest's intended-use statement (e.g. "demonstration only").</param>
/// <param name="Task">Multi-class or multi-label.</param>
/// <param name="Labels">The class labels in output order.</param>
/// <param name="Thresholds">The decision threshold per label.</param>
/// <param name="Modalities">DICOM Modality (0008,0060) values served, upper case.</param>
/// <param name="BodyParts">DICOM Body Part Examined (0018,0015) values served, upper case.</param>
/// <param name="InputSize">The square input extent in pixels.</param>
/// <param name="InputChannels">The number of input channels.</param>
/// <param name="CamMethods">The explanation methods the model supports.</param>
/// <param name="SupportsMcDropout">True when the model has a Monte Carlo dropout input.</param>
public sealed record ModelDescriptor(
    string Id,
    string Version,
    string Title,
    string IntendedUse,
    ModelTask Task,
    IReadOnlyList<string> Labels,
    IReadOnlyList<double> Thresholds,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> BodyParts,
    int InputSize,
    int InputChannels,
    IReadOnlyList<CamMethod> CamMethods,
    bool SupportsMcDropout);
