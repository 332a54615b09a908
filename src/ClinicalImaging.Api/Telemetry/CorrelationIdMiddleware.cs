using System.Collections;
using System.Diagnostics;

namespace ClinicalImaging.Api.Telemetry;

/// <summary>
/// Gives each request its <see cref="CorrelationId"/>: echoed in the response header, used as the request's
/// <see cref="HttpContext.TraceIdentifier"/> (quoted by error responses) and held in a logging scope so every log line
/// written while the request runs carries <c>CorrelationId</c>.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var correlationId = CorrelationId.For(headers[CorrelationId.HeaderName], headers.TraceParent, Activity.Current);
        context.TraceIdentifier = correlationId;
        // On starting, not now: the exception handler clears the response headers before it writes a problem.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[CorrelationId.HeaderName] = correlationId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope(new CorrelationScope(correlationId)))
        {
            await next(context);
        }
    }

    /// <summary>A scope of one property, which structured formatters write as <c>"CorrelationId": "…"</c>.</summary>
    private sealed class CorrelationScope(string correlationId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new("CorrelationId", correlationId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"CorrelationId:{correlationId}";
    }
}
