using ClinicalImaging.Api.DicomWeb;
using ClinicalImaging.Api.Fhir;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.DescribeDicomFile;
using ClinicalImaging.Application.Fhir.GetImagingStudy;
using ClinicalImaging.Application.Fhir.GetPatient;
using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using MediatR;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The FHIR R4 facade under /fhir (ImagingStudy read and search, Patient read) and the DICOM-to-ImagingStudy
/// conversion under /api/v1/dicom/fhir. Answers are application/fhir+json; errors are OperationOutcome.
/// </summary>
internal static class FhirEndpoints
{
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
        fhir.MapGet("/ImagingStudy", async (string? patient, string? identifier, [FromQuery(Name = "_count")] int? count, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new SearchFhirImagingStudiesQuery(patient, identifier, count, RequestContext(http)), http.RequestAborted)))
            .WithName("FhirSearchImagingStudy")
            .WithSummary("Search ImagingStudy by patient (Patient/{id}) and/or identifier (urn:oid:<Study Instance UID> or an accession number): a searchset Bundle")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        fhir.MapGet("/Patient/{id}", async (string id, HttpContext http, IMediator mediator) =>
                new FhirResult(await mediator.Send(new GetFhirPatientQuery(id), http.RequestAborted)))
            .WithName("FhirReadPatient")
            .WithSummary("Patient by id (our patient key) from the DICOM patient module")
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.PatientDataRead);

        endpoints.MapPost("/api/v1/dicom/fhir", DescribeAsync)
            .WithTags("FHIR")
            .AddEndpointFilter(OperationOutcomeFilter.InvokeAsync)
            .WithName("DescribeDicomAsImagingStudy")
            .WithSummary("A DICOM file (application/dicom body) in, its FHIR ImagingStudy out; nothing is stored")
            .Accepts<Stream>(DicomMediaTypes.Dicom)
            .Produces(StatusCodes.Status200OK, contentType: FhirJson.MediaType)
            .RequireAuthorization(AccessPolicies.ImagingMetadataRead);
        return endpoints;
    }

    private static async Task<IResult> DescribeAsync(HttpContext http, IMediator mediator)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals(DicomMediaTypes.Dicom, StringComparison.OrdinalIgnoreCase))
        {
            return new FhirResult(FhirBundles.Error("not-supported", $"send the DICOM file as the body with Content-Type {DicomMediaTypes.Dicom}"), StatusCodes.Status415UnsupportedMediaType);
        }

        // The DICOM reader is synchronous; the body is spilled to a temporary file first (never held in memory).
        await using var spill = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await http.Request.Body.CopyToAsync(spill, http.RequestAborted);
        spill.Position = 0;
        return new FhirResult(await mediator.Send(new DescribeDicomFileCommand(spill, RequestContext(http)), http.RequestAborted));
    }

    private static FhirRequestContext RequestContext(HttpContext http)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new FhirRequestContext(root + "/fhir", root + "/dicomweb", http.Request.GetEncodedUrl());
    }
}
