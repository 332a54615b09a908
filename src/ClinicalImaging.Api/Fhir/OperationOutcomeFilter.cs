using ClinicalImaging.Api.ErrorHandling;
using ClinicalImaging.Application.Fhir;

namespace ClinicalImaging.Api.Fhir;

/// <summary>
/// FHIR clients expect errors as OperationOutcome, not problem details: this filter turns the exceptions the problem
/// details mapper knows (4xx) into an OperationOutcome with the same status and message. Unexpected failures go on
/// to the global handler, which logs them and answers a bare 500.
/// </summary>
internal static class OperationOutcomeFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var problem = ProblemDetailsExceptionHandler.ToProblem(exception);
            var status = problem.Status ?? StatusCodes.Status500InternalServerError;
            if (status == StatusCodes.Status500InternalServerError)
            {
                throw;
            }

            return new FhirResult(FhirBundles.Error(IssueType(status), problem.Detail ?? problem.Title ?? "error"), status);
        }
    }

    /// <summary>The FHIR IssueType (https://hl7.org/fhir/R4/valueset-issue-type.html) of an HTTP error status.</summary>
    public static string IssueType(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid",
        StatusCodes.Status401Unauthorized => "login",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too-costly",
        StatusCodes.Status415UnsupportedMediaType => "not-supported",
        StatusCodes.Status503ServiceUnavailable => "transient",
        _ => "exception",
    };
}
