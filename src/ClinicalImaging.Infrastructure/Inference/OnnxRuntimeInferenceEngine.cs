using System.Diagnostics;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Explainability;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Outputs;
using ClinicalImaging.Infrastructure.Inference.Preprocessing;
using ClinicalImaging.Infrastructure.Inference.Registry;

namespace ClinicalImaging.Infrastructure.Inference;

/// <summary>Tuning of <see cref="OnnxRuntimeInferenceEngine"/> (configuration section "Inference:Engine").</summary>
public sealed record InferenceEngineOptions
{
    public const string Section = "Inference:Engine";

    /// <summary>Masked inputs per run in Score-CAM and the quality score.</summary>
    public int ScoreCamBatchSize { get; init; } = 16;

    /// <summary>Monte Carlo passes per run (each batch row draws its own dropout mask).</summary>
    public int McDropoutBatchSize { get; init; } = 32;

    /// <summary>The most Monte Carlo passes one request may ask for.</summary>
    public int MaxMcDropoutSamples { get; init; } = 256;
}

/// <summary>
/// <see cref="IInferenceEngine"/> on ONNX Runtime: manifest preprocessing, one shared session per model (ORT runs
/// concurrently on it), probabilities computed here from the logits, CAMs in closed form or by masked re-runs. The
/// work is CPU-bound and runs on the caller's thread, a batch's sub-batches on thread-pool threads beside it
/// (<see cref="RegisteredModel.Run"/>, <see cref="InferenceThreadingOptions"/>); ORT's intra-op pool, if configured,
/// parallelises inside a run. Every model's work is recorded in <see cref="InferenceMetrics"/> here, so callers (API,
/// worker, CLI) never count it themselves.
/// </summary>
public sealed class OnnxRuntimeInferenceEngine(OnnxModelRegistry registry, InferenceEngineOptions options) : IInferenceEngine
{
    public Task<InferenceResult> AnalyzeAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Explanation is { } explanation && !(explanation.OverlayAlpha is >= 0 and <= 1 && explanation.RegionThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(request), $"OverlayAlpha ({explanation.OverlayAlpha}) and RegionThreshold ({explanation.RegionThreshold}) must be between 0 and 1.");
        }

        var model = Choose(request.Image, request.ModelId);
        return Task.FromResult(Measured(model.Id, 1, () => Analyze(model, request.Image, request.Explanation, cancellationToken)));
    }

    public Task<IReadOnlyList<InferenceResult>> AnalyzeBatchAsync(string modelId, IReadOnlyList<InferenceImage> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var model = registry.Resolve(modelId);
        return Task.FromResult(Measured(model.Id, images.Count, () =>
        {
            var (tensor, _) = ModelInputPreprocessor.PreprocessBatch(images, model.Manifest.Preprocessing);
            using var outputs = model.Run(tensor, stochastic: false, [model.Manifest.Outputs.Logits], cancellationToken);
            var logits = outputs[model.Manifest.Outputs.Logits];
            IReadOnlyList<InferenceResult> results = Enumerable.Range(0, images.Count)
                .Select(n => Result(model, Probabilities(model, logits, n), explanation: null))
                .ToArray();
            return results;
        }));
    }

    public Task<EnsembleResult> AnalyzeEnsembleAsync(EnsembleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.ModelIds ?? registry.Serving(request.Image.Modality, request.Image.BodyPart).Select(m => m.Id).ToArray();
        if (ids.Count == 0)
        {
            throw new ModelNotAvailableException($"No model serves modality '{request.Image.Modality}' for an ensemble.");
        }

        var members = ids.Select(id => registry.Resolve(id))
            .Select(model => Measured(model.Id, 1, () => Analyze(model, request.Image, null, cancellationToken)))
            .ToArray();
        var labels = registry.Get(members[0].ModelId).Labels
            .Where(label => members.All(m => registry.Get(m.ModelId).Labels.Contains(label)))
            .ToArray();
        if (labels.Length == 0)
        {
            throw new ModelNotAvailableException($"The models {string.Join(", ", ids)} share no label to average.");
        }

        var rows = members.Select(m =>
        {
            var modelLabels = registry.Get(m.ModelId).Labels;
            return labels.Select(label => m.Probabilities[IndexOf(modelLabels, label)]).ToArray();
        }).ToArray();
        var (mean, spread) = ProbabilityMath.MeanAndSpread(rows);
        return Task.FromResult(new EnsembleResult(ids, labels, mean, spread, members));
    }

    public Task<UncertaintyEstimate> EstimateUncertaintyAsync(UncertaintyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = Choose(request.Image, request.ModelId);
        if (model.Manifest.McDropout is null)
        {
            throw new ModelNotAvailableException($"Model '{model.Id}' has no Monte Carlo dropout input.");
        }

        if (request.Samples < 2 || request.Samples > options.MaxMcDropoutSamples)
        {
            throw new ModelNotAvailableException($"Monte Carlo dropout needs 2 to {options.MaxMcDropoutSamples} samples; {request.Samples} were asked for.");
        }

        var passes = Measured(model.Id, 1, () => McDropoutPasses(model, request.Image, request.Samples, cancellationToken));
        return Task.FromResult(ProbabilityMath.Uncertainty(model.Id, model.Descriptor, passes));
    }

    /// <summary>Probabilities of <paramref name="samples"/> stochastic passes; the image is tiled along the batch, each row draws its own mask.</summary>
    public float[][] McDropoutPasses(RegisteredModel model, InferenceImage image, int samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var spec = model.Manifest.Preprocessing;
        var single = new float[model.InputChannels * model.InputSize * model.InputSize];
        ModelInputPreprocessor.Preprocess(image, spec, single);
        var passes = new List<float[]>(samples);
        while (passes.Count < samples)
        {
            var count = Math.Min(options.McDropoutBatchSize, samples - passes.Count);
            var batch = new float[count * single.Length];
            for (int n = 0; n < count; n++)
            {
                single.CopyTo(batch, n * single.Length);
            }

            var tensor = new DenseTensor<float>(batch, count, model.InputChannels, model.InputSize, model.InputSize);
            using var outputs = model.Run(tensor, stochastic: true, [model.Manifest.Outputs.Logits], cancellationToken);
            var logits = outputs[model.Manifest.Outputs.Logits];
            for (int n = 0; n < count; n++)
            {
                passes.Add(Probabilities(model, logits, n));
            }
        }

        return [.. passes];
    }

    /// <summary>
    /// Runs one model's work on <paramref name="images"/> images and records each as one inference with its share of the
    /// time (a batched run is split evenly), by outcome.
    /// </summary>
    private static T Measured<T>(string modelId, int images, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = work();
            outcome = "success";
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            var share = Stopwatch.GetElapsedTime(started) / Math.Max(1, images);
            for (int i = 0; i < images; i++)
            {
                InferenceMetrics.RecordInference(modelId, outcome, share);
            }
        }
    }

    private RegisteredModel Choose(InferenceImage image, string? modelId) =>
        registry.Resolve(modelId ?? registry.Select(image.Modality, image.BodyPart).Id);

    private InferenceResult Analyze(RegisteredModel model, InferenceImage image, ExplanationRequest? explanation, CancellationToken cancellationToken)
    {
        var (tensor, geometries) = ModelInputPreprocessor.PreprocessBatch([image], model.Manifest.Preprocessing);
        var layers = explanation is null ? [] : TargetLayers(model, explanation);
        var outputNames = new List<string> { model.Manifest.Outputs.Logits };
        outputNames.AddRange(layers.Select(l => l.Output).Where(name => name != model.Manifest.Outputs.Logits));
        using var outputs = model.Run(tensor, stochastic: false, outputNames, cancellationToken);
        var probabilities = Probabilities(model, outputs[model.Manifest.Outputs.Logits], 0);
        var explained = explanation is null
            ? null
            : Explain(model, image, tensor, geometries[0], outputs, layers, probabilities, explanation, cancellationToken);
        return Result(model, probabilities, explained);
    }

    private static ManifestCamLayer[] TargetLayers(RegisteredModel model, ExplanationRequest explanation)
    {
        var declared = model.Manifest.Cam?.TargetLayers ?? [];
        var usable = declared.Where(l => !CamMethodNames.NeedsGradient(explanation.Method) || l.ExactGradient).ToArray();
        if (explanation.TargetLayers is { } requested)
        {
            var unknown = requested.Where(name => !usable.Any(l => l.Output == name)).ToArray();
            if (unknown.Length > 0)
            {
                throw new ModelNotAvailableException(
                    $"Model '{model.Id}' cannot compute {explanation.Method} on layer(s) {string.Join(", ", unknown)}; usable: {string.Join(", ", usable.Select(l => l.Output))}.");
            }

            usable = usable.Where(l => requested.Contains(l.Output)).ToArray();
        }

        return usable.Length > 0
            ? usable
            : throw new ModelNotAvailableException($"Model '{model.Id}' has no target layer for {explanation.Method}.");
    }

    private Explanation Explain(
        RegisteredModel model,
        InferenceImage image,
        DenseTensor<float> input,
        LetterboxGeometry geometry,
        ModelOutputs outputs,
        IReadOnlyList<ManifestCamLayer> layers,
        float[] probabilities,
        ExplanationRequest request,
        CancellationToken cancellationToken)
    {
        var target = request.TargetLabel is null ? ArgMax(probabilities) : IndexOf(model.Manifest.Labels, request.TargetLabel);
        if (target < 0)
        {
            throw new ModelNotAvailableException($"Model '{model.Id}' has no label '{request.TargetLabel}'; labels: {string.Join(", ", model.Manifest.Labels)}.");
        }

        var size = model.InputSize;
        var scaled = layers.Select(layer =>
        {
            var activation = outputs[layer.Output];
            var (channels, height, width) = ((int)activation.Shape[1], (int)activation.Shape[2], (int)activation.Shape[3]);
            var raw = RawMap(model, request.Method, activation.Span, channels, height, width, input.Span, target, cancellationToken);
            return CamPostProcessing.ScaleToInput(raw, height, width, size);
        }).ToArray();
        var inputMap = CamPostProcessing.Fuse(scaled);

        var quality = Quality(model, input.Span, inputMap, probabilities[target], target, cancellationToken);
        var heatmap = CamPostProcessing.ToOriginal(inputMap, geometry);
        var regions = AttentionRegionFinder.Find(heatmap, image.Columns, image.Rows, request.RegionThreshold);
        byte[]? heatmapPng = null, overlayPng = null;
        if (request.RenderImages)
        {
            var gray = new float[heatmap.Length];
            ModelInputPreprocessor.ApplyVoi(image.ModalityValues, model.Manifest.Preprocessing.Channels[0], image.Photometric, gray);
            heatmapPng = HeatmapRenderer.HeatmapPng(heatmap, image.Columns, image.Rows);
            overlayPng = HeatmapRenderer.OverlayPng(heatmap, gray, image.Columns, image.Rows, request.OverlayAlpha);
        }

        return new Explanation(
            request.Method, model.Manifest.Labels[target], layers.Select(l => l.Output).ToArray(),
            image.Columns, image.Rows, heatmap, heatmapPng, overlayPng, regions, quality);
    }

    private float[] RawMap(
        RegisteredModel model, CamMethod method, ReadOnlySpan<float> activations, int channels, int height, int width,
        ReadOnlySpan<float> input, int target, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case CamMethod.EigenCam:
                return EigenCam.Compute(activations, channels, height, width);
            case CamMethod.ScoreCam:
                return ScoreCam.Compute(
                    activations, channels, height, width, input, model.InputChannels, model.InputSize,
                    (batch, count) => TargetScores(model, batch, count, target, probabilities: false, cancellationToken),
                    options.ScoreCamBatchSize, cancellationToken);
            default:
                var weight = model.ClassifierWeight!; // TargetLayers admits gradient methods only on exact layers, which need the head.
                return CamWeights.ClosedForm(method, activations, channels, height, width, weight.AsSpan(target * model.FeatureChannels, model.FeatureChannels));
        }
    }

    /// <summary>The target's probability for the input kept where the map is high (x ⊙ M) and where it is low (x ⊙ (1 − M)).</summary>
    private static ExplanationQuality Quality(RegisteredModel model, ReadOnlySpan<float> input, float[] map, float probability, int target, CancellationToken cancellationToken)
    {
        var plane = map.Length;
        var batch = new float[2 * input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            var m = map[i % plane];
            batch[i] = input[i] * m;
            batch[input.Length + i] = input[i] * (1 - m);
        }

        var scores = TargetScores(model, batch, 2, target, probabilities: true, cancellationToken);
        return new ExplanationQuality(probability, scores[0], scores[1]);
    }

    /// <summary>The target's logit (Score-CAM, as pytorch-grad-cam's ClassifierOutputTarget) or probability for each input of a batch.</summary>
    private static float[] TargetScores(RegisteredModel model, float[] batch, int count, int target, bool probabilities, CancellationToken cancellationToken)
    {
        var tensor = new DenseTensor<float>(batch, count, model.InputChannels, model.InputSize, model.InputSize);
        using var outputs = model.Run(tensor, stochastic: false, [model.Manifest.Outputs.Logits], cancellationToken);
        var logits = outputs[model.Manifest.Outputs.Logits];
        return Enumerable.Range(0, count)
            .Select(n => probabilities ? Probabilities(model, logits, n)[target] : logits[n, target])
            .ToArray();
    }

    private static float[] Probabilities(RegisteredModel model, DenseTensor<float> logits, int row)
    {
        var k = model.LabelCount;
        var probabilities = new float[k];
        ProbabilityMath.Activate(model.Descriptor.Task, logits.Span.Slice(row * k, k), probabilities);
        return probabilities;
    }

    private static InferenceResult Result(RegisteredModel model, float[] probabilities, Explanation? explanation) =>
        new(model.Id, model.Manifest.Version, model.Descriptor.Task, probabilities, ProbabilityMath.Findings(model.Descriptor, probabilities), explanation);

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
