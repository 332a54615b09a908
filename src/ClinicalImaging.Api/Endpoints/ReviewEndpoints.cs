using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Application.Reviews.AddAnnotation;
using ClinicalImaging.Application.Reviews.ClaimReview;
using ClinicalImaging.Application.Reviews.DecideReview;
using ClinicalImaging.Application.Reviews.GetReview;
using ClinicalImaging.Application.Reviews.GetWorklist;
using ClinicalImaging.Application.Reviews.ListAnnotations;
using ClinicalImaging.Application.Reviews.ReleaseReview;
using ClinicalImaging.Domain.Reviews;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>The radiologist's side of AI results: the worklist, claims, review decisions and image annotations.</summary>
internal static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var worklist = endpoints.MapGroup("/api/v1/worklist").WithTags("Review").RequireAuthorization(AccessPolicies.Review);
        worklist.MapGet("/", async (string? priority, string? modality, ReviewStatus? status, string? assignee, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(
                    new GetWorklistQuery(new WorklistFilter(priority, modality, status, assignee, limit ?? GetWorklistQuery.DefaultLimit)), ct)))
            .WithName("GetWorklist")
            .WithSummary("AI results waiting for review, critical first, then oldest; assignee=me for your own claims")
            .Produces<IReadOnlyList<WorklistItem>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        worklist.MapPost("/{inferenceId:guid}/claim", async (Guid inferenceId, VersionedRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ClaimReviewCommand(inferenceId, body.Version), ct)))
            .WithName("ClaimReview")
            .WithSummary("Take the result for yourself (pending → in review)")
            .Produces<ReviewView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        worklist.MapPost("/{inferenceId:guid}/release", async (Guid inferenceId, VersionedRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ReleaseReviewCommand(inferenceId, body.Version), ct)))
            .WithName("ReleaseReview")
            .WithSummary("Give your claim back to the shared worklist (in review → pending)")
            .Produces<ReviewView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var review = endpoints.MapGroup("/api/v1/inference/{inferenceId:guid}/review").WithTags("Review").RequireAuthorization(AccessPolicies.Review);
        review.MapGet("/", async (Guid inferenceId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetReviewQuery(inferenceId), ct)))
            .WithName("GetReview")
            .WithSummary("The review of an AI result and its version")
            .Produces<ReviewView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        review.MapPost("/", async (Guid inferenceId, DecideReviewRequest body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(body.ToCommand(inferenceId), ct)))
            .WithName("DecideReview")
            .WithSummary("Agree, disagree or modify (corrected labels and regions, comments); of two decisions on one version, the second gets 409")
            .Produces<ReviewView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var annotations = endpoints.MapGroup("/api/v1/images/{imageId:guid}/annotations").WithTags("Review");
        annotations.MapPost("/", async (Guid imageId, AddAnnotationRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var annotation = await mediator.Send(new AddAnnotationCommand(imageId, body.Kind, body.Coordinates ?? [], body.Text), ct);
                return Results.Created($"/api/v1/images/{imageId}/annotations", annotation);
            })
            .WithName("AddAnnotation")
            .WithSummary("A box [x, y, width, height], measurement [x1, y1, x2, y2], label [x, y] with text, or note (text only), in pixels")
            .Produces<AnnotationView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.Review);
        annotations.MapGet("/", async (Guid imageId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListAnnotationsQuery(imageId), ct)))
            .WithName("ListAnnotations")
            .WithSummary("The annotations on an image, oldest first")
            .Produces<IReadOnlyList<AnnotationView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        return endpoints;
    }
}

/// <summary>The body of POST /api/v1/inference/{inferenceId}/review.</summary>
internal sealed record DecideReviewRequest(
    int Version, ReviewDecision Decision, IReadOnlyList<string>? Labels, IReadOnlyList<CorrectedRegion>? Regions, string? Comments)
{
    public DecideReviewCommand ToCommand(Guid inferenceId) =>
        new(inferenceId, Version, new ReviewVerdict(Decision, Labels ?? [], Regions ?? [], Comments));
}

internal sealed record AddAnnotationRequest(AnnotationKind Kind, IReadOnlyList<double>? Coordinates, string? Text);
