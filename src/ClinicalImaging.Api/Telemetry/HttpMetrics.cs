using System.Diagnostics.Metrics;
using System.Globalization;
using ClinicalImaging.Application.Common;

namespace ClinicalImaging.Api.Telemetry;

/// <summary>
/// The HTTP server's meter (process-wide, see <see cref="ApplicationMetrics"/>). Labels are the method (unknown methods →
/// <c>OTHER</c>), the route template (never the raw path; requests that matched no endpoint → <see cref="UnmatchedRoute"/>)
/// and the status code.
/// </summary>
internal static class HttpMetrics
{
    public const string MeterName = "ClinicalImaging.Http";
    public const string UnmatchedRoute = "unmatched";

    private static readonly string[] StatusCodeLabels = [.. Enumerable.Range(0, 600).Select(code => code.ToString(CultureInfo.InvariantCulture))];

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Requests =
        Meter.CreateCounter<long>("http_requests_total", unit: null, description: "HTTP requests served, by method, route template and status code");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "http_request_duration_seconds",
        unit: "s",
        description: "Time from the request's arrival to its response, by method, route template and status code",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MetricBuckets.RequestSeconds });

    public static void RecordRequest(string method, string? routeTemplate, int statusCode, TimeSpan duration)
    {
        var tags = new System.Diagnostics.TagList
        {
            { "method", MethodLabel(method) },
            { "route", routeTemplate ?? UnmatchedRoute },
            { "status_code", (uint)statusCode < StatusCodeLabels.Length ? StatusCodeLabels[statusCode] : "other" },
        };
        Requests.Add(1, in tags);
        Duration.Record(duration.TotalSeconds, in tags);
    }

    /// <summary>The known methods as the interned constants; anything else is one label so clients cannot add series.</summary>
    internal static string MethodLabel(string method) => method switch
    {
        _ when HttpMethods.IsGet(method) => HttpMethods.Get,
        _ when HttpMethods.IsPost(method) => HttpMethods.Post,
        _ when HttpMethods.IsPut(method) => HttpMethods.Put,
        _ when HttpMethods.IsDelete(method) => HttpMethods.Delete,
        _ when HttpMethods.IsPatch(method) => HttpMethods.Patch,
        _ when HttpMethods.IsHead(method) => HttpMethods.Head,
        _ when HttpMethods.IsOptions(method) => HttpMethods.Options,
        _ => "OTHER",
    };
}
