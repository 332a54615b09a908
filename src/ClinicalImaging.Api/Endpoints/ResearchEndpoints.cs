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

        DicomWebEndpoints.MapRetrieve(dicomWeb, new WadoRoutes(
            DicomWebRoot,
            "Research",
            AccessPolicies.ResearchRead,
            AccessPolicies.ResearchRead,
            scope => new RetrieveDeidentifiedInstancesQuery(scope),
            services => Deidentified(services.GetRequiredService<DeidentifiedObjects>()),
            scope => new RetrieveDeidentifiedMetadataQuery(scope),
            new WadoSummaries(
                "De-identified WADO-RS: the study's objects, de-identified as they are sent",
                "De-identified WADO-RS: the series' objects, de-identified as they are sent",
                "De-identified WADO-RS: the object, de-identified as it is sent",
                "De-identified WADO-RS metadata of the study's instances",
                "De-identified WADO-RS metadata of the series' instances",
                "De-identified WADO-RS metadata of the instance")));

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

    private static Func<StoredInstance, ServedObject> Deidentified(DeidentifiedObjects objects) => instance =>
    {
        var deidentified = objects.Open(instance);
        return new ServedObject(deidentified.Instance, deidentified.Content, deidentified.Content.Length);
    };
}
