using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Api.Fhir;
using ClinicalImaging.Api.Uploads;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.DescribeDicomFile;
using ClinicalImaging.Application.Fhir.GetDiagnosticReport;
using ClinicalImaging.Application.Fhir.GetImagingStudy;
using ClinicalImaging.Application.Fhir.GetPatient;
using ClinicalImaging.Application.Fhir.SearchDiagnosticReports;
using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The FHIR R4 facade under /fhir (ImagingStudy read and search, Patient read, DiagnosticReport read, version read and
/// search) and the DICOM-to-ImagingStudy conversion under /api/v1/dicom/fhir. Answers are application/fhir+json;
/// errors are OperationOutcome.
/// </summary>
internal static class FhirEndpoints
{
    /// <summary>Room for a multipart/form-data envelope around the one file a describe request may carry.</summary>
    private const long MultipartOverheadBytes = 1024 * 1024;

    /// <summary>The FHIR settings, checked at start-up (an unknown time zone stops the host with a message naming the setting).</summary>
    public static IServiceCollection AddFhir(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FhirOptions>()
            .Bind(configuration.GetSection(FhirOptions.Section))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.DicomTimeZone, out _), $"{FhirOptions.Section}:{nameof(FhirOptions.DicomTimeZone)} is not a time zone this machine knows (use an IANA id such as Europe/Berlin)")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapFhirEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup("/fhir").WithTags("FHIR").AddEndpointFilter(OperationOutcomeFilter.InvokeAsync);
        fhir.MapGet("/ImagingStudy/{id}", async (string id, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new GetFhirImagingStudyQuery(id, RequestContext(http)), http.RequestAborted)))
            .WithName("FhirReadImagingStudy")
            .WithSummary("ImagingStudy by id (the Study Instance UID); the subject's name only for callers who may read patient data")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        fhir.MapGet("/ImagingStudy", async (
                    string? patient, string? identifier, [FromQuery(Name = "_count")] string? count, [FromQuery(Name = "_offset")] string? offset, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(
                    new SearchFhirImagingStudiesQuery(patient, identifier, new FhirPaging(count, offset), http.Request.Query.Keys.ToList(), RequestContext(http)), http.RequestAborted)))
            .WithName("FhirSearchImagingStudy")
            .WithSummary("Search ImagingStudy by patient (Patient/{id}) and/or identifier (urn:oid:<Study Instance UID> or an accession number): a searchset Bundle, paged by _count and _offset")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        fhir.MapGet("/Patient/{id}", async (string id, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new GetFhirPatientQuery(id), http.RequestAborted)))
            .WithName("FhirReadPatient")
            .WithSummary("Patient by id (our patient key) from the DICOM patient module")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        fhir.MapGet("/DiagnosticReport/{id}", async (string id, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new GetFhirDiagnosticReportQuery(id, null), http.RequestAborted)))
            .WithName("FhirReadDiagnosticReport")
            .WithSummary("The signed radiology report on an imaging order (id: the order's id), its current version, AI findings contained as Observations")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        fhir.MapGet("/DiagnosticReport/{id}/_history/{vid}", async (string id, string vid, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new GetFhirDiagnosticReportQuery(id, vid), http.RequestAborted)))
            .WithName("FhirReadDiagnosticReportVersion")
            .WithSummary("One signed version of a report (vid: its revision; 1 the original, then one per amendment)")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.PatientDataRead);
        fhir.MapGet("/DiagnosticReport", async (
                    string? subject, string? patient, [FromQuery(Name = "_count")] string? count, [FromQuery(Name = "_offset")] string? offset, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(
                    new SearchFhirDiagnosticReportsQuery(subject, patient, new FhirPaging(count, offset), http.Request.Query.Keys.ToList(), RequestContext(http)), http.RequestAborted)))
            .WithName("FhirSearchDiagnosticReport")
            .WithSummary("Search the current signed reports by subject (or patient) = Patient/{id}: a searchset Bundle, paged by _count and _offset")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.PatientDataRead);

        var describeLimit = endpoints.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.MaxObjectBytes + MultipartOverheadBytes;
        endpoints.MapPost("/api/v1/dicom/fhir", DescribeAsync)
            .WithTags("FHIR")
            .AddEndpointFilter(OperationOutcomeFilter.InvokeAsync)
            .WithName("DescribeDicomAsImagingStudy")
            .WithSummary("A DICOM file (application/dicom body or one multipart/form-data file) in, its FHIR ImagingStudy out; nothing is stored")
            .Accepts<Stream>(DicomMediaTypes.Dicom, DicomMediaTypes.MultipartFormData)
            .WithMetadata(new RequestSizeLimitAttribute(describeLimit))
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        return endpoints;
    }

    private static async Task<IResult> DescribeAsync(HttpContext http, IMediator mediator, IOptions<IngestOptions> limits)
    {
        var files = await UploadedDicomHeaders.ReadAsync(http, 1, limits.Value.MaxObjectBytes);
        return new FhirResult(await mediator.Send(new DescribeDicomFileCommand(files[0], RequestContext(http)), http.RequestAborted));
    }

    private static FhirRequestContext RequestContext(HttpContext http)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new FhirRequestContext(root + "/fhir", root + "/dicomweb", http.Request.GetEncodedUrl());
    }
}
