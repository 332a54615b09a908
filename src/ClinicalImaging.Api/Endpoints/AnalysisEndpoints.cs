using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Analysis.AnalyzeStudy;
using ClinicalImaging.Application.Analysis.GetExplanationImage;
using ClinicalImaging.Application.Analysis.GetStudyInferenceResults;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Application.Jobs.GetJob;
using ClinicalImaging.Application.Jobs.RequeueJob;
using ClinicalImaging.Application.Triage.OverrideStudyPriority;
using ClinicalImaging.Domain.Inference;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>Queued analyses, their jobs, the stored results with findings and heatmaps, and study triage (docs/workflow.md).</summary>
internal static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/imaging/analyze/{studyUid}", async (string studyUid, AnalyzeStudyBody? body, IMediator mediator, CancellationToken ct) =>
                Results.Accepted(value: await mediator.Send(
                    new AnalyzeStudyCommand(studyUid, body?.Models, body?.Priority ?? AnalyzeStudyCommand.DefaultPriority, body?.CamMethod), ct)))
            .WithTags("Analysis")
            .WithName("AnalyzeStudy")
            .WithSummary("Queue an inference job per instance and model (the models named, else those the routing rules choose)")
            .Produces<AnalysisQueued>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.AnalysisRun);

        var jobs = endpoints.MapGroup("/api/v1/jobs").WithTags("Analysis");
        jobs.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new GetJobQuery(id), ct)))
            .WithName("GetJob")
            .WithSummary("A job's status, attempts, lease and last error")
            .Produces<JobView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.AnalysisRun);
        jobs.MapPost("/{id:guid}/requeue", async (Guid id, IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new RequeueJobCommand(id), ct)))
            .WithName("RequeueJob")
            .WithSummary("Queue a dead job again with fresh attempts (409 for any other status)")
            .Produces<JobView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(AccessPolicies.Administration);

        var studies = endpoints.MapGroup("/api/v1/studies").WithTags("Analysis");
        studies.MapGet("/{studyUid}/inference-results", async (string studyUid, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetStudyInferenceResultsQuery(studyUid), ct)))
            .WithName("GetStudyInferenceResults")
            .WithSummary("A study's inference results with findings, and its triage priority")
            .Produces<StudyInferenceResultsView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.InferenceResultsRead);
        studies.MapPut("/{studyUid}/priority", async (string studyUid, PriorityOverrideBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new OverrideStudyPriorityCommand(studyUid, body.Priority, body.Reason ?? ""), ct)))
            .WithName("OverrideStudyPriority")
            .WithSummary("Override a study's triage priority with a reason (audited); the override wins over computed priorities")
            .Produces<StudyTriageView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.TriageOverride);

        var results = endpoints.MapGroup("/api/v1/inference-results").WithTags("Analysis").RequireAuthorization(AccessPolicies.InferenceResultsRead);
        results.MapGet("/{id:guid}/heatmap", (Guid id, IMediator mediator, CancellationToken ct) => PngAsync(id, ExplanationImage.Heatmap, mediator, ct))
            .WithName("GetInferenceHeatmap")
            .WithSummary("The class activation map of a result (PNG, jet colormap)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound);
        results.MapGet("/{id:guid}/overlay", (Guid id, IMediator mediator, CancellationToken ct) => PngAsync(id, ExplanationImage.Overlay, mediator, ct))
            .WithName("GetInferenceOverlay")
            .WithSummary("The class activation map blended over the image (PNG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> PngAsync(Guid id, ExplanationImage image, IMediator mediator, CancellationToken ct) =>
        Results.Stream(await mediator.Send(new GetExplanationImageQuery(id, image), ct), "image/png");

    /// <param name="Models">Model ids; omitted: the routing rules choose per instance.</param>
    /// <param name="Priority">0..100, higher runs first (default 50; ingest queues at 0).</param>
    /// <param name="CamMethod">GradCam, GradCamPlusPlus, XGradCam, LayerCam, ScoreCam or EigenCam; omitted: the model's default.</param>
    internal sealed record AnalyzeStudyBody(IReadOnlyList<string>? Models, int? Priority, CamMethod? CamMethod);

    /// <param name="Priority">critical, urgent, routine or normal.</param>
    /// <param name="Reason">Why (required; kept with the override and in the audit trail's resource, not its text).</param>
    internal sealed record PriorityOverrideBody(TriagePriority Priority, string? Reason);
}
