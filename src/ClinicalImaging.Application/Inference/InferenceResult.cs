namespace ClinicalImaging.Application.Inference;

/// <summary>One model's output for one image.</summary>
/// <param name="ModelId">The model that ran.</param>
/// <param name="ModelVersion">Its manifest version.</param>
/// <param name="Task">Multi-class or multi-label.</param>
/// <param name="Probabilities">One per label, in the model's label order.</param>
/// <param name="Findings">Every label with its probability, threshold and decision, most probable first.</param>
/// <param name="Explanation">The class activation map when one was requested.</param>
public sealed record InferenceResult(
    string ModelId,
    string ModelVersion,
    ModelTask Task,
    IReadOnlyList<float> Probabilities,
    IReadOnlyList<Finding> Findings,
    Explanation? Explanation);

/// <summary>One label's outcome.</summary>
/// <param name="Label">The class label.</param>
/// <param name="Probability">Softmax or sigmoid probability.</param>
/// <param name="Threshold">The manifest's decision threshold for the label.</param>
/// <param name="IsPositive">Probability at or above the threshold.</param>
public sealed record Finding(string Label, float Probability, double Threshold, bool IsPositive);

/// <summary>Several models on one image.</summary>
/// <param name="ModelIds">The models averaged.</param>
/// <param name="Labels">The labels common to every model, in the first model's order.</param>
/// <param name="MeanProbabilities">Per label, the mean over models.</param>
/// <param name="Disagreement">Per label, the population standard deviation over models.</param>
/// <param name="Members">Each model's own result.</param>
public sealed record EnsembleResult(
    IReadOnlyList<string> ModelIds,
    IReadOnlyList<string> Labels,
    IReadOnlyList<float> MeanProbabilities,
    IReadOnlyList<float> Disagreement,
    IReadOnlyList<InferenceResult> Members);

/// <summary>
/// Monte Carlo dropout uncertainty over T stochastic passes (Gal and Ghahramani 2016; the decomposition of
/// Depeweg et al. 2018). Entropies are in nats; formulas in docs/explainability.md.
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="Samples">T, the number of passes.</param>
/// <param name="Labels">The labels.</param>
/// <param name="MeanProbabilities">Per label, the mean probability over the passes.</param>
/// <param name="Variance">Per label, the population variance of the probability over the passes.</param>
/// <param name="PredictiveEntropy">Multi-class: H[mean p] (one value). Multi-label: per label, the Bernoulli entropy of the mean.</param>
/// <param name="ExpectedEntropy">Aleatoric part, mean over passes of each pass's entropy (same layout as <paramref name="PredictiveEntropy"/>).</param>
/// <param name="MutualInformation">Epistemic part, predictive minus expected entropy (same layout).</param>
public sealed record UncertaintyEstimate(
    string ModelId,
    int Samples,
    IReadOnlyList<string> Labels,
    IReadOnlyList<float> MeanProbabilities,
    IReadOnlyList<float> Variance,
    IReadOnlyList<float> PredictiveEntropy,
    IReadOnlyList<float> ExpectedEntropy,
    IReadOnlyList<float> MutualInformation);
