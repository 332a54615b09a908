namespace ClinicalImaging.Application.Inference;

/// <summary>Runs registered models on images.</summary>
public interface IInferenceEngine
{
    /// <summary>Probabilities, findings and, when requested, an explanation for one image.</summary>
    /// <exception cref="ModelNotAvailableException">No model fits the image, or the model lacks the requested method or label.</exception>
    Task<InferenceResult> AnalyzeAsync(InferenceRequest request, CancellationToken cancellationToken);

    /// <summary>Many images through one model in one batched run (no explanations).</summary>
    Task<IReadOnlyList<InferenceResult>> AnalyzeBatchAsync(string modelId, IReadOnlyList<InferenceImage> images, CancellationToken cancellationToken);

    /// <summary>Averaged probabilities and their spread over several models.</summary>
    Task<EnsembleResult> AnalyzeEnsembleAsync(EnsembleRequest request, CancellationToken cancellationToken);

    /// <summary>Monte Carlo dropout uncertainty.</summary>
    Task<UncertaintyEstimate> EstimateUncertaintyAsync(UncertaintyRequest request, CancellationToken cancellationToken);
}
