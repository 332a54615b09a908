using System.Diagnostics;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Common.Behaviours;

/// <summary>
/// Logs each request's type, duration and outcome. Never the request itself: requests carry patient data.
/// </summary>
public sealed partial class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next().ConfigureAwait(false);
            LogHandled(logger, typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            LogFailed(logger, typeof(TRequest).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
            throw;
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{RequestType} handled in {ElapsedMs:F1} ms")]
    private static partial void LogHandled(ILogger logger, string requestType, double elapsedMs);

    // The exception's type only: messages can quote patient data from the request.
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{RequestType} failed after {ElapsedMs:F1} ms with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, string requestType, double elapsedMs, string exceptionType);
}
