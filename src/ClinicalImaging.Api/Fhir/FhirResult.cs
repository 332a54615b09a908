using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Api.Fhir;

/// <summary>A FHIR resource written as application/fhir+json with the given status.</summary>
internal sealed class FhirResult(Resource resource, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = FhirJson.MediaType + "; charset=utf-8";
        await FhirJson.SerializeAsync(httpContext.Response.Body, resource, httpContext.RequestAborted);
    }
}
