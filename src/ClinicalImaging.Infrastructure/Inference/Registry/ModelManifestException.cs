namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>A model folder cannot be served: its manifest is unreadable or disagrees with the ONNX model.
/// The message names the model and the manifest field.</summary>
public sealed class ModelManifestException : Exception
{
    public ModelManifestException() { }

    public ModelManifestException(string message) : base(message) { }

    public ModelManifestException(string message, Exception innerException) : base(message, innerException) { }

    public ModelManifestException(string modelId, IReadOnlyList<string> problems)
        : base($"Model '{modelId}': {string.Join("; ", problems)}")
    {
        ModelId = modelId;
        Problems = problems;
    }

    public string? ModelId { get; }

    public IReadOnlyList<string> Problems { get; } = [];
}
