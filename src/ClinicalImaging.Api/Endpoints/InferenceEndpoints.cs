using System.Globalization;
using System.Text.Json;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Inference.AnalyzeStoredImage;
using ClinicalImaging.Application.Inference.AnalyzeStoredImages;
using ClinicalImaging.Application.Inference.AnalyzeUploadedImage;
using ClinicalImaging.Application.Inference.ListModels;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// Synchronous inference under /api/v1/inference: the model list, one image (a stored instance or an uploaded file)
/// with its explanation, ensemble and uncertainty, and batched scoring of stored instances. Results are returned, not
/// persisted; the heatmap and overlay PNGs travel inline as base64 (docs/explainability.md, "HTTP API").
/// </summary>
internal static class InferenceEndpoints
{
    /// <summary>Room for the multipart framing and form fields around the one file.</summary>
    private const long FormOverheadBytes = 1024 * 1024;

    public static RouteGroupBuilder MapInferenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var uploadLimit = endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.MaxObjectBytes + FormOverheadBytes;
        var inference = endpoints.MapGroup("/api/v1/inference").WithTags("Inference").RequireAuthorization(AccessPolicies.InferenceRun);
        inference.MapGet("/models", ListModelsAsync)
            .WithName("ListModels")
            .WithSummary("The models served: version, task, labels, thresholds, modalities, body parts, CAM methods, MC-dropout support")
            .Produces<IReadOnlyList<ModelDescriptor>>();
        inference.MapGet("/models/available", ListModelsAsync)
            .WithName("ListAvailableModels")
            .WithSummary("The same list as /models (the name the issue tracker uses)")
            .Produces<IReadOnlyList<ModelDescriptor>>();
        inference.MapPost("/analyze", AnalyzeAsync)
            .WithName("AnalyzeImage")
            .WithSummary("Analyse one image now: JSON {instanceId, ...options} for a stored instance, or multipart/form-data with one DICOM file and the options as form fields")
            // No Accepts metadata on these routes: routing would answer other media types with a bare 415; the handlers say what to send.
            .WithDescription("Body: application/json with the AnalyzeRequest fields, or multipart/form-data with one file field and the same fields as form fields.")
            .Produces<ImageAnalysis>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new RequestSizeLimitAttribute(uploadLimit));
        inference.MapPost("/batch", BatchAsync)
            .WithName("AnalyzeImageBatch")
            .WithSummary("Score several stored instances in batched runs (probabilities and findings, no explanations)")
            .WithDescription("Body: application/json with the BatchRequest fields.")
            .Produces<BatchAnalysis>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return inference;
    }

    private static async Task<IResult> ListModelsAsync(IMediator mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new ListModelsQuery(), cancellationToken));

    private static async Task<IResult> AnalyzeAsync(HttpContext http, IMediator mediator, IOptions<IngestOptions> limits)
    {
        var cancellationToken = http.RequestAborted;
        if (http.Request.HasJsonContentType())
        {
            var body = await ReadJsonAsync<AnalyzeRequest>(http);
            if (body.InstanceId is not { } instanceId)
            {
                throw Invalid("instanceId", "give the stored instance's id, or send the DICOM file as multipart/form-data");
            }

            return Results.Ok(await mediator.Send(new AnalyzeStoredImageQuery(instanceId, body.ToOptions()), cancellationToken));
        }

        if (!http.Request.HasFormContentType
            || !http.Request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return UnsupportedMediaType($"send application/json with an instanceId, or multipart/form-data with one DICOM file; not '{http.Request.ContentType}'");
        }

        // Files above 64 KiB are buffered to disk by the form reader, never held whole in memory; the form may be as
        // large as one archived object (the reader's own default limit is 128 MiB).
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limits.Value.MaxObjectBytes + FormOverheadBytes }));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            throw Invalid("body", $"the multipart body cannot be read: {error.Message}");
        }

        if (form.Files.Count != 1)
        {
            throw Invalid("file", $"send exactly one DICOM file per request (got {form.Files.Count}); score several stored instances with /api/v1/inference/batch");
        }

        var file = form.Files[0];
        var options = AnalyzeRequest.FromForm(form).ToOptions();
        await using var content = file.OpenReadStream();
        var name = string.IsNullOrWhiteSpace(file.FileName) ? file.Name : Path.GetFileName(file.FileName);
        return Results.Ok(await mediator.Send(new AnalyzeUploadedImageCommand(content, name, options), cancellationToken));
    }

    private static async Task<IResult> BatchAsync(HttpContext http, IMediator mediator)
    {
        if (!http.Request.HasJsonContentType())
        {
            return UnsupportedMediaType($"send application/json {{\"instanceIds\": [...], \"model\": \"auto\"}}; not '{http.Request.ContentType}'");
        }

        var body = await ReadJsonAsync<BatchRequest>(http);
        return Results.Ok(await mediator.Send(new AnalyzeStoredImagesQuery(body.InstanceIds ?? [], body.Model, body.Frame ?? 1), http.RequestAborted));
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(http.RequestAborted) ?? throw Invalid("body", "the JSON body is empty");
        }
        catch (JsonException error)
        {
            throw Invalid("body", $"the JSON body is malformed: {error.Message}");
        }
    }

    private static IResult UnsupportedMediaType(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);

    internal static RequestValidationException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// The options of <c>POST /api/v1/inference/analyze</c>, as JSON properties or form fields of the same names.
/// </summary>
/// <param name="InstanceId">The stored instance (JSON only; a form carries the file instead).</param>
/// <param name="Model">A model id, or "auto" (the default) to choose by the image's modality and body part.</param>
/// <param name="Cam">gradcam (default), gradcam++, xgradcam, layercam, scorecam, eigencam, or none.</param>
/// <param name="TargetLabel">The class to explain (default: the most probable).</param>
/// <param name="Ensemble">Also average every model that serves the image.</param>
/// <param name="UncertaintySamples">Monte Carlo dropout passes (at least 2), or absent for none.</param>
/// <param name="Images">Return the heatmap and overlay PNGs (default true).</param>
/// <param name="OverlayAlpha">Heatmap weight in the overlay, 0..1 (default 0.4).</param>
/// <param name="Frame">The frame, from 1 (default 1).</param>
public sealed record AnalyzeRequest(
    Guid? InstanceId = null,
    string? Model = null,
    string? Cam = null,
    string? TargetLabel = null,
    bool? Ensemble = null,
    int? UncertaintySamples = null,
    bool? Images = null,
    double? OverlayAlpha = null,
    int? Frame = null)
{
    /// <summary>The value of <see cref="Cam"/> that asks for no explanation.</summary>
    public const string NoCam = "none";

    private static readonly AnalysisOptions Defaults = new();

    public AnalysisOptions ToOptions() => new(
        Model,
        CamOf(Cam),
        string.IsNullOrWhiteSpace(TargetLabel) ? null : TargetLabel.Trim(),
        Ensemble ?? Defaults.Ensemble,
        UncertaintySamples,
        Images ?? Defaults.RenderImages,
        OverlayAlpha ?? Defaults.OverlayAlpha,
        Frame ?? Defaults.Frame);

    internal static AnalyzeRequest FromForm(IFormCollection form) => new(
        null,
        Text(form, "model"),
        Text(form, "cam"),
        Text(form, "targetLabel"),
        Parse<bool>(form, "ensemble", bool.TryParse, "true or false"),
        Parse<int>(form, "uncertaintySamples", (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number"),
        Parse<bool>(form, "images", bool.TryParse, "true or false"),
        Parse<double>(form, "overlayAlpha", (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v), "a number"),
        Parse<int>(form, "frame", (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number"));

    private static CamMethod? CamOf(string? cam)
    {
        if (string.IsNullOrWhiteSpace(cam))
        {
            return Defaults.Cam;
        }

        if (cam.Trim().Equals(NoCam, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return CamMethodParser.TryParse(cam, out var method)
            ? method
            : throw InferenceEndpoints.Invalid("cam", $"unknown CAM method '{cam}'; use one of {string.Join(", ", CamMethodParser.All)} or {NoCam}");
    }

    private static string? Text(IFormCollection form, string field) => form.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    private delegate bool TryParser<T>(string text, out T value);

    private static T? Parse<T>(IFormCollection form, string field, TryParser<T> parse, string expected) where T : struct =>
        Text(form, field) is not { } text ? null
        : parse(text.Trim(), out var value) ? value
        : throw InferenceEndpoints.Invalid(field, $"'{text}' is not {expected}");
}

/// <summary>The body of <c>POST /api/v1/inference/batch</c>.</summary>
/// <param name="InstanceIds">The stored instances, at most 64.</param>
/// <param name="Model">A model id, or "auto" (the default) to choose per image.</param>
/// <param name="Frame">The frame of every instance, from 1 (default 1).</param>
public sealed record BatchRequest(IReadOnlyList<Guid>? InstanceIds, string? Model = null, int? Frame = null);
