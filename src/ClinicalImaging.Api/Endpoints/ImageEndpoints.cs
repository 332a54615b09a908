using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Images;
using ClinicalImaging.Application.Images.DeleteImage;
using ClinicalImaging.Application.Images.GetImage;
using ClinicalImaging.Application.Images.GetPatientImages;
using ClinicalImaging.Application.Studies;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The images of the archive under /api/v1/images: metadata by id, a patient's images, deletion. Upload and download
/// of the original are ingest's (<see cref="IngestEndpoints"/>).
/// </summary>
internal static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var images = endpoints.MapGroup("/api/v1/images").WithTags("Images");
        images.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetImageQuery(id), ct)))
            .WithName("GetImage")
            .WithSummary("An image's metadata with its series and study UIDs (no patient data)")
            .Produces<ImageView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        images.MapGet("/patient/{patientId}", async (string patientId, string? issuerOfPatientId, [AsParameters] PageParameters paging, IMediator mediator, CancellationToken ct) =>
            {
                var (page, pageSize) = paging.Parse();
                return Results.Ok(await mediator.Send(new GetPatientImagesQuery(patientId, issuerOfPatientId, page, pageSize), ct));
            })
            .WithName("GetPatientImages")
            .WithSummary("Every image of the patient with this Patient ID, newest study first, a page at a time (an unknown patient: an empty page)")
            .Produces<PagedResult<InstanceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        images.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteImageCommand(id), ct);
                return Results.NoContent();
            })
            .WithName("DeleteImage")
            .WithSummary("Removes the image, and its series, study and patient when they are left empty; its object when nothing else refers to it")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(AccessPolicies.ImagingDelete);
        return endpoints;
    }
}
