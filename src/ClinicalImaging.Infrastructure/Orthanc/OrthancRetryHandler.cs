using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Orthanc;

/// <summary>
/// Retries idempotent calls to Orthanc (GET, and POSTs the client marks <see cref="Idempotent"/>: searches, lookups,
/// C-ECHO, C-FIND) after a network failure or a 502/503/504, with exponential backoff and jitter. Everything else
/// (uploads, C-MOVE, anonymize, modify) is sent once: repeating it could duplicate work or replay a spent stream.
/// </summary>
public sealed partial class OrthancRetryHandler(IOptions<OrthancOptions> options, TimeProvider time, ILogger<OrthancRetryHandler> logger)
    : DelegatingHandler
{
    /// <summary>Marks a POST whose repetition is harmless.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("ClinicalImaging.Orthanc.Idempotent");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsIdempotent(request))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!IsTransient(response.StatusCode) || attempt > settings.Retries)
                {
                    return response;
                }

                failure = $"HTTP {(int)response.StatusCode}";
                response.Dispose();
            }
            catch (HttpRequestException exception) when (attempt <= settings.Retries)
            {
                failure = exception.HttpRequestError.ToString();
            }

            var delay = Backoff(settings.RetryDelay, attempt);
            LogRetrying(logger, request.Method.Method, request.RequestUri?.AbsolutePath, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsIdempotent(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Head
        || (request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent);

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>delay × 2^(attempt-1), plus up to half of that at random so that many clients do not retry in step.</summary>
    private static TimeSpan Backoff(TimeSpan delay, int attempt)
    {
        var exponential = delay * Math.Pow(2, attempt - 1);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return exponential + (exponential * Random.Shared.NextDouble() / 2);
#pragma warning restore CA5394
    }

    // The path holds Orthanc's resource ids (hashes), never patient data; bodies are never logged.
    [LoggerMessage(EventId = 7200, Level = LogLevel.Warning,
        Message = "Orthanc {Method} {Path} attempt {Attempt} failed ({Failure}); retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string method, string? path, int attempt, string failure, double delayMs);
}
