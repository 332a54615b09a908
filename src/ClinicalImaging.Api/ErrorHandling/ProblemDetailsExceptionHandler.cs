using ClinicalImaging.Api.Uploads;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Pacs;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ClinicalImaging.Api.ErrorHandling;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details. Client mistakes get a 4xx whose detail says
/// what was wrong; anything unexpected gets a bare 500 with a trace id: no stack trace, no exception message.
/// </summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = ToProblem(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(logger, exception.GetType().Name, httpContext.TraceIdentifier, exception);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        RequestValidationException validation => new ValidationProblemDetails(validation.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = validation.Message,
        },
        StateTransitionException transition => WithReason(Problem(StatusCodes.Status409Conflict, "Not allowed in the current state", transition.Message), WorkflowConflicts.IllegalTransition),
        ModelNotAvailableException or ImageNotAnalyzableException => Problem(StatusCodes.Status422UnprocessableEntity, "Cannot be analysed", exception.Message),
        DomainException domain => Problem(StatusCodes.Status400BadRequest, "The request is not valid", domain.Message),
        NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
        ConflictException conflict => WithReason(Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message), conflict.ReasonCode),
        UnauthenticatedException unauthenticated => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", unauthenticated.Message),
        ForbiddenAccessException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
        ResearchNotConfiguredException notConfigured => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", notConfigured.Message),
        AuditUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "The access could not be recorded in the audit trail, so it was refused; retry later"),
        UnsupportedUploadException unsupported => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", unsupported.Message),
        PayloadTooLargeException tooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Content too large", tooLarge.Message),
        BadHttpRequestException badRequest => Problem(badRequest.StatusCode, "Bad request", badRequest.Message),
        PacsException { Failure: PacsFailure.Unreachable } pacs => Problem(StatusCodes.Status503ServiceUnavailable, "PACS unavailable", pacs.Message),
        PacsException pacs => Problem(StatusCodes.Status502BadGateway, "PACS error", pacs.Message),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred", "The error was logged; quote the trace id when reporting it."),
    };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithReason(ProblemDetails problem, string reasonCode)
    {
        problem.Extensions["reason"] = reasonCode;
        return problem;
    }

    // The exception object is logged for operators (server side only); ids, not request data.
    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} for request {TraceId}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string traceId, Exception exception);
}
