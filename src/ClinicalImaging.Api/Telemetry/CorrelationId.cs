using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Primitives;

namespace ClinicalImaging.Api.Telemetry;

/// <summary>
/// The id that ties a request's log lines, error responses and traces together: a valid incoming
/// <c>X-Correlation-ID</c>, else the trace id of a valid W3C <c>traceparent</c>, else the current trace id or a new one.
/// </summary>
internal static class CorrelationId
{
    public const string HeaderName = "X-Correlation-ID";
    public const int MaxLength = 64;

    // Letters, digits, '.', '_' and '-' only: the value is echoed in a header and written to every log line.
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    public static string For(StringValues correlationHeader, StringValues traceparentHeader, Activity? current)
    {
        if (correlationHeader.Count == 1 && IsValid(correlationHeader[0]))
        {
            return correlationHeader[0]!;
        }

        if (traceparentHeader.Count == 1 && ActivityContext.TryParse(traceparentHeader[0], traceState: null, out var parent))
        {
            return parent.TraceId.ToHexString();
        }

        return current is { IdFormat: ActivityIdFormat.W3C } ? current.TraceId.ToHexString() : ActivityTraceId.CreateRandom().ToHexString();
    }

    public static bool IsValid(string? candidate) =>
        candidate is { Length: > 0 and <= MaxLength } && !candidate.AsSpan().ContainsAnyExcept(Allowed);
}
