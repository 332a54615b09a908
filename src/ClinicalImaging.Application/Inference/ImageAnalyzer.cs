using System.Diagnostics;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// One image through the engine as <see cref="AnalysisOptions"/> ask: the model (given or chosen), its explanation,
/// the ensemble and the Monte Carlo dropout estimate, timed. Shared by the API's use cases and the CLI.
/// </summary>
public sealed class ImageAnalyzer(IInferenceEngine engine, IModelRegistry registry)
{
    /// <summary>The model for an image: the one named, which must serve the image's modality, or the registry's choice.</summary>
    /// <exception cref="ModelNotAvailableException">Unknown model, a model for another modality, or none for the image.</exception>
    public ModelDescriptor ResolveModel(InferenceImage image, string? model)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (AnalysisOptions.ModelIdOf(model) is not { } id)
        {
            return registry.Select(image.Modality, image.BodyPart);
        }

        var descriptor = registry.Get(id);
        return descriptor.Modalities.Contains(image.Modality, StringComparer.OrdinalIgnoreCase)
            ? descriptor
            : throw new ModelNotAvailableException(
                $"Model '{id}' serves {string.Join("/", descriptor.Modalities)} images; this image's Modality (0008,0060) is {image.Modality}. Use model 'auto' to choose by modality.");
    }

    /// <param name="image">The frame in modality units.</param>
    /// <param name="source">What to report about where the frame came from.</param>
    /// <param name="options">What to compute.</param>
    /// <param name="readTime">How long reading and decoding the frame took (reported in the timings).</param>
    /// <param name="cancellationToken">Stops between and inside model runs.</param>
    public async Task<ImageAnalysis> AnalyzeAsync(
        InferenceImage image, AnalyzedImage source, AnalysisOptions options, TimeSpan readTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var model = ResolveModel(image, options.Model);
        var explanation = options.Cam is { } method
            ? new ExplanationRequest(method, options.TargetLabel, OverlayAlpha: options.OverlayAlpha, RenderImages: options.RenderImages)
            : null;
        var result = await engine.AnalyzeAsync(new InferenceRequest(image, model.Id, explanation), cancellationToken).ConfigureAwait(false);
        var modelTime = Stopwatch.GetElapsedTime(started);

        EnsembleResult? ensemble = null;
        TimeSpan? ensembleTime = null;
        if (options.Ensemble)
        {
            var ensembleStarted = Stopwatch.GetTimestamp();
            ensemble = await engine.AnalyzeEnsembleAsync(new EnsembleRequest(image), cancellationToken).ConfigureAwait(false);
            ensembleTime = Stopwatch.GetElapsedTime(ensembleStarted);
        }

        UncertaintyEstimate? uncertainty = null;
        TimeSpan? uncertaintyTime = null;
        if (options.UncertaintySamples is { } samples)
        {
            var uncertaintyStarted = Stopwatch.GetTimestamp();
            uncertainty = await engine.EstimateUncertaintyAsync(new UncertaintyRequest(image, model.Id, samples), cancellationToken).ConfigureAwait(false);
            uncertaintyTime = Stopwatch.GetElapsedTime(uncertaintyStarted);
        }

        var timings = new AnalysisTimings(
            readTime.TotalMilliseconds, modelTime.TotalMilliseconds, ensembleTime?.TotalMilliseconds, uncertaintyTime?.TotalMilliseconds,
            (readTime + Stopwatch.GetElapsedTime(started)).TotalMilliseconds);
        return Summarize(result, source, timings) with { Ensemble = ensemble, Uncertainty = uncertainty };
    }

    /// <summary>The analysis of one model result, without ensemble or uncertainty.</summary>
    public static ImageAnalysis Summarize(InferenceResult result, AnalyzedImage source, AnalysisTimings? timings)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ImageAnalysis(
            source, result.ModelId, result.ModelVersion, result.Task, result.Findings, result.Findings[0],
            result.Explanation is { } explained ? ExplanationSummary.From(explained) : null, null, null, timings);
    }

    /// <summary>What an analysis reports about a frame it read.</summary>
    public static AnalyzedImage Describe(InferenceImage image, Guid? instanceId, string? sopInstanceUid, string? file, int frame)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new AnalyzedImage(instanceId, sopInstanceUid, file, frame, image.Modality, image.BodyPart, image.Rows, image.Columns);
    }
}
