using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Application.Studies.DownloadStudy;
using ClinicalImaging.Application.Studies.GetStudyImages;
using ClinicalImaging.Application.Studies.SearchStudies;
using ClinicalImaging.Application.Studies.FindInstancesByAttribute;
using ClinicalImaging.Application.Studies.GetStudy;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>Thin translation of HTTP to the studies use cases: build the request, send it, return the result.</summary>
internal static class StudyEndpoints
{
    public static IEndpointRouteBuilder MapStudyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var studies = endpoints.MapGroup("/api/v1/studies").WithTags("Studies").RequireAuthorization(AccessPolicies.PatientDataRead);
        studies.MapGet("/{studyUid}", async (string studyUid, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetStudyQuery(studyUid), ct)))
            .WithName("GetStudy")
            .WithSummary("A study by Study Instance UID, with its patient, series and instances")
            .Produces<StudyView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        studies.MapGet("/", async ([AsParameters] StudySearchParameters parameters, IMediator mediator, CancellationToken ct) =>
            {
                var (criteria, page, pageSize) = parameters.Parse();
                return Results.Ok(await mediator.Send(new SearchStudiesQuery(criteria, page, pageSize), ct));
            })
            .WithName("SearchStudies")
            .WithSummary("Studies matching every filter given, newest Study Date first, a page at a time with the total count (see docs/archive-api.md)")
            .Produces<PagedResult<StudySummary>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        studies.MapGet("/{studyUid}/images", async (string studyUid, [AsParameters] PageParameters paging, IMediator mediator, CancellationToken ct) =>
            {
                var (page, pageSize) = paging.Parse();
                return Results.Ok(await mediator.Send(new GetStudyImagesQuery(studyUid, page, pageSize), ct));
            })
            .WithName("GetStudyImages")
            .WithSummary("A study's images (instance metadata), by series then instance number, a page at a time")
            .Produces<PagedResult<InstanceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        studies.MapGet("/{studyUid}/download", async (string studyUid, IMediator mediator, IBlobStore blobs, CancellationToken ct) =>
            {
                var instances = await mediator.Send(new DownloadStudyQuery(studyUid), ct);
                return Results.Stream(
                    body => StudyArchiveWriter.WriteAsync(instances, blobs, body, ct), StudyArchiveWriter.MediaType, $"{studyUid}.zip");
            })
            .WithName("DownloadStudy")
            .WithSummary("Every original object of the study as a ZIP (SERIES_001/<SOP Instance UID>.dcm …), streamed")
            .Produces(StatusCodes.Status200OK, contentType: StudyArchiveWriter.MediaType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var instances = endpoints.MapGroup("/api/v1/instances").WithTags("Studies").RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        instances.MapGet("/by-attribute", async (string tag, string value, int? limit, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new FindInstancesByAttributeQuery(tag, value, limit ?? FindInstancesByAttributeQuery.DefaultLimit), ct)))
            .WithName("FindInstancesByAttribute")
            .WithSummary("Instances whose stored header has the value for the attribute (tag as 8 hex digits, e.g. 00180015)")
            .Produces<IReadOnlyList<InstanceView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }
}
