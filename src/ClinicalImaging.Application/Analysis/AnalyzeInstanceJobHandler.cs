using System.Diagnostics;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Triage;
using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EngineResult = ClinicalImaging.Application.Inference.InferenceResult;
using InferenceResult = ClinicalImaging.Domain.Inference.InferenceResult;

namespace ClinicalImaging.Application.Analysis;

/// <summary>
/// Runs one <see cref="AnalysisJob"/>: the model's probabilities, its Monte Carlo dropout uncertainty (when the model
/// has a dropout input), a class activation map for each finding (heatmap and overlay PNGs for the first), triage, and
/// the result with its findings stored in one transaction. Idempotent: a result already stored for the instance, model
/// and version ends the job at once, and two runs racing to store one are settled by the table's unique key.
/// </summary>
public sealed partial class AnalyzeInstanceJobHandler(
    IInferenceEngine engine,
    IModelRegistry models,
    IInferenceResultStore results,
    AnalysisImages images,
    IBlobStore blobs,
    TriageEvaluator triage,
    IClock clock,
    IOptions<AnalysisOptions> options,
    ILogger<AnalyzeInstanceJobHandler> logger) : IJobHandler
{
    /// <summary>Generous for a PNG of one image; the store refuses more.</summary>
    private const long MaxImageBytes = 64L * 1024 * 1024;

    public string Kind => AnalysisJob.Kind;

    public async Task HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = AnalysisJob.Parse(job.Payload);
        var model = Permanent(() => models.Get(request.ModelId));
        if (await results.HasResultAsync(request.InstanceId, model.Id, model.Version, cancellationToken).ConfigureAwait(false))
        {
            LogAlreadyAnalysed(logger, job.Id, request.InstanceId, model.Id);
            return;
        }

        var target = await results.GetTargetAsync(request.InstanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new PermanentJobFailureException($"Instance {request.InstanceId} is no longer stored");
        var startedAt = clock.UtcNow;
        var image = images.Load(target);

        var running = Stopwatch.StartNew();
        var prediction = await Permanent(() => engine.AnalyzeAsync(new InferenceRequest(image, model.Id), cancellationToken)).ConfigureAwait(false);
        var probabilities = prediction.Findings
            .Select(f => new LabelProbability(f.Label, f.Probability, f.Threshold))
            .OrderBy(p => IndexOf(model, p.Label))
            .ToArray();
        var uncertainty = await EstimateUncertaintyAsync(image, model, cancellationToken).ConfigureAwait(false);
        var triaged = triage.Evaluate(probabilities, uncertainty);
        var cam = CamMethodFor(model, request.CamMethod);
        var explanations = cam is null ? [] : await ExplainAsync(image, model, cam.Value, triaged, prediction, cancellationToken).ConfigureAwait(false);
        running.Stop();

        var primary = explanations.FirstOrDefault();
        var heatmapKey = await StoreImageAsync(primary?.HeatmapPng, cancellationToken).ConfigureAwait(false);
        var overlayKey = await StoreImageAsync(primary?.OverlayPng, cancellationToken).ConfigureAwait(false);
        var findings = triaged.Findings.Select(label => Describe(label, explanations.FirstOrDefault(e => e.TargetLabel == label.Label), triaged.Outcome.NeedsReview)).ToArray();

        var completedAt = clock.UtcNow;
        var result = InferenceResult.Record(
            new InferenceResultDescription(
                target.Instance.Id,
                target.StudyKey,
                job.Id,
                model.Id,
                model.Version,
                model.Task == ModelTask.MultiClass ? "multi-class" : "multi-label",
                probabilities,
                uncertainty,
                primary is null ? null : new Domain.Inference.ExplanationSummary(
                    primary.Method.ToString(), primary.TargetLabel, heatmapKey, overlayKey, primary.Regions.Select(ToRegion).ToArray(), primary.Quality.Score),
                triaged.Outcome,
                new InferenceTimings(job.CreatedAt, startedAt, completedAt < startedAt ? startedAt : completedAt, running.Elapsed)),
            findings);

        if (await results.SaveAsync(result, cancellationToken).ConfigureAwait(false))
        {
            AnalysisMetrics.RecordResult(model.Id, result.Priority, result.NeedsReview, completedAt - target.IngestedAt);
            LogStored(logger, job.Id, result.Id, model.Id, result.Priority.ToName(), result.NeedsReview);
        }
        else
        {
            // Another run stored it first (a worker that lost its lease while storing): that one stands.
            LogAlreadyAnalysed(logger, job.Id, request.InstanceId, model.Id);
        }
    }

    private async Task<UncertaintySummary?> EstimateUncertaintyAsync(InferenceImage image, ModelDescriptor model, CancellationToken cancellationToken)
    {
        var samples = options.Value.UncertaintySamples;
        if (!model.SupportsMcDropout || samples < 2)
        {
            return null;
        }

        var estimate = await engine.EstimateUncertaintyAsync(new UncertaintyRequest(image, model.Id, samples), cancellationToken).ConfigureAwait(false);
        // Normalised by the largest entropy possible: ln K over K exclusive classes, ln 2 for each independent label.
        var maximum = model.Task == ModelTask.MultiClass ? Math.Log(model.Labels.Count) : Math.Log(2);
        var entropy = estimate.PredictiveEntropy.Max();
        return new UncertaintySummary(
            estimate.Samples, entropy, estimate.MutualInformation.Max(), (float)Math.Clamp(entropy / maximum, 0, 1));
    }

    /// <summary>One map per finding (images only for the first), or, with no finding, one for the most probable label.</summary>
    private async Task<Explanation[]> ExplainAsync(
        InferenceImage image, ModelDescriptor model, CamMethod method, Triage.Triage triaged, EngineResult prediction, CancellationToken cancellationToken)
    {
        var labels = triaged.Findings.Count > 0 ? triaged.Findings.Select(f => f.Label).ToArray() : [prediction.Findings[0].Label];
        var explanations = new Explanation[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var request = new InferenceRequest(image, model.Id, new ExplanationRequest(method, labels[i], RenderImages: i == 0));
            var explained = await engine.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
            explanations[i] = explained.Explanation ?? throw new InvalidOperationException($"Model {model.Id} returned no explanation for '{labels[i]}'");
        }

        return explanations;
    }

    private FindingDescription Describe(TriagedLabel label, Explanation? explanation, bool needsReview)
    {
        var region = explanation is { Regions.Count: > 0 } ? ToRegion(explanation.Regions[0]) : null;
        return new FindingDescription(
            label.Label,
            label.Probability,
            label.Threshold,
            label.Severity,
            region is null ? null : FindingLocations.Describe(region, explanation!.Width, explanation.Height),
            region,
            triage.RecommendationFor(label.Severity, needsReview));
    }

    private CamMethod? CamMethodFor(ModelDescriptor model, CamMethod? requested)
    {
        if (requested is { } method)
        {
            return model.CamMethods.Contains(method)
                ? method
                : throw new PermanentJobFailureException($"Model {model.Id} does not support {method}; it supports {string.Join(", ", model.CamMethods)}");
        }

        return model.CamMethods.Contains(options.Value.DefaultCamMethod) ? options.Value.DefaultCamMethod
            : model.CamMethods.Count > 0 ? model.CamMethods[0] : null;
    }

    private async Task<string?> StoreImageAsync(byte[]? png, CancellationToken cancellationToken)
    {
        if (png is null)
        {
            return null;
        }

        using var content = new MemoryStream(png, writable: false);
        var staged = await blobs.StageAsync(content, MaxImageBytes, cancellationToken).ConfigureAwait(false);
        await using (staged.ConfigureAwait(false))
        {
            return (await blobs.CommitAsync(staged, cancellationToken).ConfigureAwait(false)).BlobKey;
        }
    }

    private static int IndexOf(ModelDescriptor model, string label)
    {
        for (var i = 0; i < model.Labels.Count; i++)
        {
            if (model.Labels[i] == label)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static ImageRegion ToRegion(AttentionRegion r) => new(r.X, r.Y, r.Width, r.Height, r.PeakX, r.PeakY, r.PeakActivation, r.MeanActivation, r.Area);

    /// <summary>Errors another attempt cannot fix: no such model, or an image the model cannot take.</summary>
    private static T Permanent<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception error) when (error is ModelNotAvailableException or DomainException)
        {
            throw new PermanentJobFailureException(error.Message, error);
        }
    }

    private static async Task<T> Permanent<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception error) when (error is ModelNotAvailableException or DomainException)
        {
            throw new PermanentJobFailureException(error.Message, error);
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Job {JobId}: instance {InstanceId} already has a result of {ModelId}; nothing to do")]
    private static partial void LogAlreadyAnalysed(ILogger logger, Guid jobId, Guid instanceId, string modelId);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Information, Message = "Job {JobId}: stored result {ResultId} of {ModelId}: priority {Priority}, needs review {NeedsReview}")]
    private static partial void LogStored(ILogger logger, Guid jobId, Guid resultId, string modelId, string priority, bool needsReview);
}
