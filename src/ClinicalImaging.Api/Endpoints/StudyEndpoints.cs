using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Studies;
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
