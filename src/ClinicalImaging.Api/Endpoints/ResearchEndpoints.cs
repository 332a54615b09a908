using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Research.RetrieveDeidentifiedInstances;
using ClinicalImaging.Application.Research.RetrieveDeidentifiedMetadata;
using ClinicalImaging.Application.Research.SearchDeidentified;
using ClinicalImaging.Application.Research.SearchDeidentifiedStudies;
using MediatR;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The research role's routes (policy research.read, and nothing else admits research): a de-identified DICOMweb under
/// /research/dicomweb (QIDO-RS, WADO-RS metadata and objects, all through the PS3.15 de-identifier, UIDs pseudonymous)
/// and the de-identified REST study search. See docs/security.md and decision 0506.
/// </summary>
internal static class ResearchEndpoints
{
    public const string DicomWebRoot = "/research/dicomweb";

    public static IEndpointRouteBuilder MapResearchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var dicomWeb = endpoints.MapGroup(DicomWebRoot).WithTags("Research");
        MapSearch(dicomWeb, "/studies", "ResearchQidoStudies", "De-identified QIDO-RS: studies matching the query", _ => new QidoScope(QidoLevel.Study));
        MapSearch(dicomWeb, "/series", "ResearchQidoSeries", "De-identified QIDO-RS: series matching the query", _ => new QidoScope(QidoLevel.Series));
        MapSearch(dicomWeb, "/instances", "ResearchQidoInstances", "De-identified QIDO-RS: instances matching the query", _ => new QidoScope(QidoLevel.Instance));
        MapSearch(dicomWeb, "/studies/{study}/series", "ResearchQidoStudySeries", "De-identified QIDO-RS: the pseudonymous study's series",
            r => new QidoScope(QidoLevel.Series, DicomWebEndpoints.Route(r, "study")));
        MapSearch(dicomWeb, "/studies/{study}/instances", "ResearchQidoStudyInstances", "De-identified QIDO-RS: the pseudonymous study's instances",
            r => new QidoScope(QidoLevel.Instance, DicomWebEndpoints.Route(r, "study")));
        MapSearch(dicomWeb, "/studies/{study}/series/{series}/instances", "ResearchQidoSeriesInstances", "De-identified QIDO-RS: the pseudonymous series' instances",
            r => new QidoScope(QidoLevel.Instance, DicomWebEndpoints.Route(r, "study"), DicomWebEndpoints.Route(r, "series")));

        dicomWeb.MapGet("/studies/{study}", (string study, HttpContext http, IMediator mediator, DeidentifiedObjects objects) =>
                RetrieveAsync(http, new InstanceScope(study), mediator, objects))
            .WithName("ResearchRetrieveStudy").WithSummary("De-identified WADO-RS: the study's objects, de-identified as they are sent")
            .RequireAuthorization(AccessPolicies.ResearchRead);
        dicomWeb.MapGet("/studies/{study}/series/{series}", (string study, string series, HttpContext http, IMediator mediator, DeidentifiedObjects objects) =>
                RetrieveAsync(http, new InstanceScope(study, series), mediator, objects))
            .WithName("ResearchRetrieveSeries").WithSummary("De-identified WADO-RS: the series' objects, de-identified as they are sent")
            .RequireAuthorization(AccessPolicies.ResearchRead);
        dicomWeb.MapGet("/studies/{study}/series/{series}/instances/{instance}", (string study, string series, string instance, HttpContext http, IMediator mediator, DeidentifiedObjects objects) =>
                RetrieveAsync(http, new InstanceScope(study, series, instance), mediator, objects))
            .WithName("ResearchRetrieveInstance").WithSummary("De-identified WADO-RS: the object, de-identified as it is sent")
            .RequireAuthorization(AccessPolicies.ResearchRead);

        dicomWeb.MapGet("/studies/{study}/metadata", (string study, HttpContext http, IMediator mediator) =>
                MetadataAsync(http, new InstanceScope(study), mediator))
            .WithName("ResearchRetrieveStudyMetadata").WithSummary("De-identified WADO-RS metadata of the study's instances")
            .RequireAuthorization(AccessPolicies.ResearchRead);
        dicomWeb.MapGet("/studies/{study}/series/{series}/metadata", (string study, string series, HttpContext http, IMediator mediator) =>
                MetadataAsync(http, new InstanceScope(study, series), mediator))
            .WithName("ResearchRetrieveSeriesMetadata").WithSummary("De-identified WADO-RS metadata of the series' instances")
            .RequireAuthorization(AccessPolicies.ResearchRead);
        dicomWeb.MapGet("/studies/{study}/series/{series}/instances/{instance}/metadata", (string study, string series, string instance, HttpContext http, IMediator mediator) =>
                MetadataAsync(http, new InstanceScope(study, series, instance), mediator))
            .WithName("ResearchRetrieveInstanceMetadata").WithSummary("De-identified WADO-RS metadata of the instance")
            .RequireAuthorization(AccessPolicies.ResearchRead);

        endpoints.MapGroup("/api/v1/research").WithTags("Research")
            .MapGet("/studies", async ([AsParameters] StudySearchParameters parameters, IMediator mediator, CancellationToken ct) =>
            {
                var (criteria, page, pageSize) = parameters.Parse();
                return Results.Ok(await mediator.Send(new SearchDeidentifiedStudiesQuery(criteria, page, pageSize), ct));
            })
            .WithName("ResearchSearchStudies")
            .WithSummary("De-identified studies by modality, body part, manufacturer or contrast (the filters the profile keeps), newest first")
            .Produces<PagedResult<DeidentifiedStudy>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(AccessPolicies.ResearchRead);
        return endpoints;
    }

    private static void MapSearch(RouteGroupBuilder group, string pattern, string name, string summary, Func<HttpRequest, QidoScope> scope) =>
        DicomWebEndpoints.MapSearch(group, pattern, name, summary, AccessPolicies.ResearchRead, scope, (s, parameters) => new SearchDeidentifiedQuery(s, parameters), DicomWebRoot);

    private static Task<IResult> RetrieveAsync(HttpContext http, InstanceScope scope, IMediator mediator, DeidentifiedObjects objects) =>
        DicomWebEndpoints.RetrieveAsync(http, new RetrieveDeidentifiedInstancesQuery(scope), scope, mediator, instance =>
        {
            var deidentified = objects.Open(instance);
            return new ServedObject(deidentified.Instance, deidentified.Content, deidentified.Content.Length);
        }, DicomWebRoot);

    private static Task<IResult> MetadataAsync(HttpContext http, InstanceScope scope, IMediator mediator) =>
        DicomWebEndpoints.MetadataAsync(http, new RetrieveDeidentifiedMetadataQuery(scope), mediator, DicomWebRoot);
}
