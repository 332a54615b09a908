using Microsoft.AspNetCore.WebUtilities;
using System.Runtime.CompilerServices;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.DicomWeb.RenderInstance;
using ClinicalImaging.Application.DicomWeb.RetrieveFrames;
using ClinicalImaging.Application.Common.Exceptions;
using System.Globalization;
using ClinicalImaging.Application.DicomWeb.RetrieveBulkData;
using ClinicalImaging.Application.DicomWeb.RetrieveInstances;
using ClinicalImaging.Application.DicomWeb.RetrieveMetadata;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>DICOMweb (PS3.18): STOW-RS, WADO-RS and QIDO-RS under /dicomweb. Behaviour and codes: docs/conformance.md.</summary>
internal static class DicomWebEndpoints
{
    public static RouteGroupBuilder MapDicomWebEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var dicomWeb = endpoints.MapGroup(DicomWebUrls.Root).WithTags("DICOMweb");
        var storeLimit = IngestEndpoints.RequestSizeLimit(endpoints);

        dicomWeb.MapPost("/studies", (HttpContext http, IMediator mediator, IOptions<IngestOptions> options) =>
                StoreAsync(http, null, mediator, options.Value))
            .WithName("StowStudies")
            .WithSummary("STOW-RS: store multipart/related; type=\"application/dicom\" objects of any studies")
            .WithMetadata(storeLimit)
            .RequireAuthorization(AccessPolicies.ImagingWrite);
        dicomWeb.MapPost("/studies/{study}", (string study, HttpContext http, IMediator mediator, IOptions<IngestOptions> options) =>
                StoreAsync(http, study, mediator, options.Value))
            .WithName("StowStudy")
            .WithSummary("STOW-RS: store objects of the named study; others fail with reason A901")
            .WithMetadata(storeLimit)
            .RequireAuthorization(AccessPolicies.ImagingWrite);

        MapRetrieve(dicomWeb, new WadoRoutes(
            DicomWebUrls.Root,
            string.Empty,
            AccessPolicies.PatientDataRead,
            AccessPolicies.ImagingMetadataRead,
            scope => new RetrieveInstancesQuery(scope),
            services => InstancesResult.Originals(services.GetRequiredService<IBlobStore>()),
            scope => new RetrieveMetadataQuery(scope),
            new WadoSummaries(
                "WADO-RS: the study's original objects as multipart/related",
                "WADO-RS: the series' original objects as multipart/related",
                "WADO-RS: the original object as multipart/related (or application/dicom)",
                "WADO-RS: the headers of the study's instances as application/dicom+json",
                "WADO-RS: the headers of the series' instances as application/dicom+json",
                "WADO-RS: the instance's header as application/dicom+json")));
        dicomWeb.MapGet("/studies/{study}/series/{series}/instances/{instance}/bulkdata/{tag}", async (string study, string series, string instance, string tag, IMediator mediator, CancellationToken ct) =>
                new OctetStreamPartsResult([await mediator.Send(new RetrieveBulkDataQuery(new InstanceScope(study, series, instance), tag), ct)]))
            .WithName("RetrieveBulkData").WithSummary("WADO-RS: a BulkDataURI of the metadata, as multipart/related; type=\"application/octet-stream\"")
            .RequireAuthorization(AccessPolicies.PatientDataRead);

        const string instanceRoute = "/studies/{study}/series/{series}/instances/{instance}";
        dicomWeb.MapGet(instanceRoute + "/rendered", (string study, string series, string instance, HttpContext http, IMediator mediator) =>
                RenderAsync(http, new InstanceScope(study, series, instance), 1, RenderParameters.Default, mediator))
            .WithName("RenderInstance").WithSummary("WADO-RS rendered: the first frame as image/png (window=c,w[,function], viewport=w,h)")
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        dicomWeb.MapGet(instanceRoute + "/frames/{frame:int}/rendered", (string study, string series, string instance, int frame, HttpContext http, IMediator mediator) =>
                RenderAsync(http, new InstanceScope(study, series, instance), frame, RenderParameters.Default, mediator))
            .WithName("RenderFrame").WithSummary("WADO-RS rendered: one frame (from 1) as image/png (window=c,w[,function], viewport=w,h)")
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        dicomWeb.MapGet(instanceRoute + "/frames/{frames}", async (string study, string series, string instance, string frames, HttpContext http, IMediator mediator) =>
                RetrieveNegotiation.Accepts(http.Request, DicomMediaTypes.MultipartRelated)
                    ? new OctetStreamPartsResult([.. (await mediator.Send(new RetrieveFramesQuery(new InstanceScope(study, series, instance), FrameList(frames)), http.RequestAborted)).Select(f => (ReadOnlyMemory<byte>)f)])
                    : NotAcceptable(http, "multipart/related; type=\"application/octet-stream\" (uncompressed frames)"))
            .WithName("RetrieveFrames").WithSummary("WADO-RS frames: the listed frames (e.g. 1,3) as uncompressed little-endian values, one part each")
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        dicomWeb.MapGet(instanceRoute + "/thumbnail", (string study, string series, string instance, HttpContext http, IMediator mediator) =>
                RenderAsync(http, new InstanceScope(study, series, instance), 1, RenderParameters.Thumbnail, mediator))
            .WithName("InstanceThumbnail").WithSummary("WADO-RS thumbnail: the first frame fitted in 128 x 128 (or viewport=w,h) as image/png")
            .RequireAuthorization(AccessPolicies.PatientDataRead);

        MapSearch(dicomWeb, "/studies", "QidoStudies", "QIDO-RS: studies matching the query (PatientName, StudyDate, ModalitiesInStudy…)", r => new QidoScope(QidoLevel.Study));
        MapSearch(dicomWeb, "/series", "QidoSeries", "QIDO-RS: series of any study matching the query", r => new QidoScope(QidoLevel.Series));
        MapSearch(dicomWeb, "/instances", "QidoInstances", "QIDO-RS: instances of any study matching the query", r => new QidoScope(QidoLevel.Instance));
        MapSearch(dicomWeb, "/studies/{study}/series", "QidoStudySeries", "QIDO-RS: the study's series matching the query",
            r => new QidoScope(QidoLevel.Series, Route(r, "study")));
        MapSearch(dicomWeb, "/studies/{study}/instances", "QidoStudyInstances", "QIDO-RS: the study's instances matching the query",
            r => new QidoScope(QidoLevel.Instance, Route(r, "study")));
        MapSearch(dicomWeb, "/studies/{study}/series/{series}/instances", "QidoSeriesInstances", "QIDO-RS: the series' instances matching the query",
            r => new QidoScope(QidoLevel.Instance, Route(r, "study"), Route(r, "series")));
        return dicomWeb;
    }

    /// <summary>
    /// A QIDO-RS route: the query string, every value of every key in order, goes to the search use case. Patient
    /// demographics need patient-data.read on top (the use case checks); the research role is refused by the policy.
    /// </summary>
    private static void MapSearch(RouteGroupBuilder dicomWeb, string pattern, string name, string summary, Func<HttpRequest, QidoScope> scope) =>
        MapSearch(dicomWeb, pattern, name, summary, AccessPolicies.ImagingMetadataRead, scope, (s, parameters) => new SearchQuery(s, parameters), DicomWebUrls.Root);

    /// <summary>A QIDO-RS route of any DICOMweb root: the archive's, or research's de-identified one (<paramref name="search"/> makes the use case's request).</summary>
    internal static void MapSearch(
        RouteGroupBuilder group, string pattern, string name, string summary, string policy, Func<HttpRequest, QidoScope> scope,
        Func<QidoScope, IReadOnlyList<KeyValuePair<string, string>>, IRequest<SearchResult>> search, string root) =>
        group.MapGet(pattern, async (HttpContext http, IMediator mediator) =>
            {
                if (!RetrieveNegotiation.AcceptsDicomJson(http.Request))
                {
                    return NotAcceptable(http, DicomMediaTypes.DicomJson);
                }

                var parameters = http.Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? string.Empty))).ToList();
                var result = await mediator.Send(search(scope(http.Request), parameters), http.RequestAborted);
                return new SearchResults(result, new DicomWebUrls(http.Request, root));
            })
            .WithName(name).WithSummary(summary)
            .RequireAuthorization(policy);

    internal static string Route(HttpRequest request, string name) => (string)request.RouteValues[name]!;

    /// <summary>A frame list as the URL gives it ("1,3,5"); anything else is a 400 naming it.</summary>
    private static int[] FrameList(string text) =>
        text.Split(',').Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["frames"] = [$"'{text}' is not a comma-separated list of frame numbers"],
            })).ToArray();

    private static async Task<IResult> RenderAsync(HttpContext http, InstanceScope scope, int frame, RenderParameters defaults, IMediator mediator)
    {
        if (!RetrieveNegotiation.Accepts(http.Request, DicomMediaTypes.Png))
        {
            return NotAcceptable(http, DicomMediaTypes.Png);
        }

        var png = await mediator.Send(new RenderInstanceQuery(scope, frame, RenderingQuery.Parse(http.Request, defaults)), http.RequestAborted);
        return Results.File(png, DicomMediaTypes.Png);
    }

    private static async Task<IResult> StoreAsync(HttpContext http, string? study, IMediator mediator, IngestOptions options)
    {
        var reader = MultipartRequest.Open(http, options.MaxRequestBytes, DicomMediaTypes.MultipartRelated, DicomMediaTypes.Dicom, out var rejection);
        if (reader is null)
        {
            return rejection!;
        }

        var cancellationToken = http.RequestAborted;
        IReadOnlyList<StoreInstanceResult> results;
        try
        {
            results = await mediator.Send(new StoreInstancesCommand(Parts(reader, cancellationToken), study), cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body", detail: exception.Message);
        }

        if (results.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body", detail: "the request holds no parts");
        }

        var body = StoreResponse.Build(results, study, new DicomWebUrls(http.Request));
        return new DicomJsonResult(StoreResponse.StatusFor(results), body);
    }

    /// <summary>The parts of a STOW-RS body in order; a part that is not application/dicom fails on its own.</summary>
    private static async IAsyncEnumerable<IncomingObject> Parts(MultipartReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            number++;
            yield return MultipartRequest.HasOtherMediaType(section, DicomMediaTypes.Dicom)
                ? IncomingObject.Refused(StoreInstanceResult.Failure(StowFailureReasons.CannotUnderstand, $"part {number} is {section.ContentType}, not {DicomMediaTypes.Dicom}"))
                : IncomingObject.Of(section.Body);
        }
    }

    /// <summary>
    /// The WADO-RS object and metadata routes of a study, series and instance under any DICOMweb root: the archive's,
    /// or research's de-identified one. Endpoint names are <see cref="WadoRoutes.NamePrefix"/> + RetrieveStudy … RetrieveInstanceMetadata.
    /// </summary>
    internal static void MapRetrieve(RouteGroupBuilder group, WadoRoutes routes)
    {
        const string seriesRoute = "/studies/{study}/series/{series}";
        const string instanceRoute = seriesRoute + "/instances/{instance}";
        Map("/studies/{study}", "RetrieveStudy", routes.Summaries.Study, routes.ObjectsPolicy, (string study, HttpContext http, IMediator mediator) =>
            RetrieveAsync(http, new InstanceScope(study), mediator, routes));
        Map(seriesRoute, "RetrieveSeries", routes.Summaries.Series, routes.ObjectsPolicy, (string study, string series, HttpContext http, IMediator mediator) =>
            RetrieveAsync(http, new InstanceScope(study, series), mediator, routes));
        Map(instanceRoute, "RetrieveInstance", routes.Summaries.Instance, routes.ObjectsPolicy, (string study, string series, string instance, HttpContext http, IMediator mediator) =>
            RetrieveAsync(http, new InstanceScope(study, series, instance), mediator, routes));
        Map("/studies/{study}/metadata", "RetrieveStudyMetadata", routes.Summaries.StudyMetadata, routes.MetadataPolicy, (string study, HttpContext http, IMediator mediator) =>
            MetadataAsync(http, new InstanceScope(study), mediator, routes));
        Map(seriesRoute + "/metadata", "RetrieveSeriesMetadata", routes.Summaries.SeriesMetadata, routes.MetadataPolicy, (string study, string series, HttpContext http, IMediator mediator) =>
            MetadataAsync(http, new InstanceScope(study, series), mediator, routes));
        Map(instanceRoute + "/metadata", "RetrieveInstanceMetadata", routes.Summaries.InstanceMetadata, routes.MetadataPolicy, (string study, string series, string instance, HttpContext http, IMediator mediator) =>
            MetadataAsync(http, new InstanceScope(study, series, instance), mediator, routes));

        void Map(string pattern, string name, string summary, string policy, Delegate handler) =>
            group.MapGet(pattern, handler).WithName(routes.NamePrefix + name).WithSummary(summary).RequireAuthorization(policy);
    }

    /// <summary>WADO-RS retrieval: the instances the root's query finds, each served as the root opens it.</summary>
    private static async Task<IResult> RetrieveAsync(HttpContext http, InstanceScope scope, IMediator mediator, WadoRoutes routes)
    {
        var instances = await mediator.Send(routes.ObjectsQuery(scope), http.RequestAborted);
        var rendition = RetrieveNegotiation.ForInstances(http.Request, instances, singleInstance: scope.SopInstanceUid is not null);
        return rendition is { } accepted
            ? new InstancesResult(instances, accepted, routes.Open(http.RequestServices), new DicomWebUrls(http.Request, routes.Root))
            : NotAcceptable(http, "multipart/related; type=\"application/dicom\" of the stored transfer syntax (objects are not transcoded)");
    }

    /// <summary>WADO-RS metadata: the headers the root's query gives, as application/dicom+json.</summary>
    private static async Task<IResult> MetadataAsync(HttpContext http, InstanceScope scope, IMediator mediator, WadoRoutes routes)
    {
        if (!RetrieveNegotiation.AcceptsDicomJson(http.Request))
        {
            return NotAcceptable(http, DicomMediaTypes.DicomJson);
        }

        var headers = await mediator.Send(routes.MetadataQuery(scope), http.RequestAborted);
        return new MetadataResult(headers, new DicomWebUrls(http.Request, routes.Root));
    }

    internal static IResult NotAcceptable(HttpContext http, string offered) =>
        Results.Problem(
            statusCode: StatusCodes.Status406NotAcceptable,
            title: "Not acceptable",
            detail: $"this resource is available as {offered}; the request accepts only '{http.Request.Headers.Accept}'");
}

/// <summary>What one DICOMweb root serves at its WADO-RS object and metadata routes (<see cref="DicomWebEndpoints.MapRetrieve"/>).</summary>
/// <param name="Root">The root's path, for the URLs in answers.</param>
/// <param name="NamePrefix">Put before each endpoint name, keeping names unique across roots.</param>
/// <param name="ObjectsQuery">The use case's request for the objects in a scope.</param>
/// <param name="Open">How each found instance is served (the original, or a de-identified copy), from the request's services.</param>
/// <param name="MetadataQuery">The use case's request for the headers in a scope.</param>
internal sealed record WadoRoutes(
    string Root,
    string NamePrefix,
    string ObjectsPolicy,
    string MetadataPolicy,
    Func<InstanceScope, IRequest<IReadOnlyList<StoredInstance>>> ObjectsQuery,
    Func<IServiceProvider, Func<StoredInstance, ServedObject>> Open,
    Func<InstanceScope, IRequest<IReadOnlyList<StoredInstanceHeader>>> MetadataQuery,
    WadoSummaries Summaries);

/// <summary>The OpenAPI summaries of the six WADO-RS routes.</summary>
internal sealed record WadoSummaries(string Study, string Series, string Instance, string StudyMetadata, string SeriesMetadata, string InstanceMetadata);
