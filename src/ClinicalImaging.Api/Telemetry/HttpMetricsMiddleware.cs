using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace ClinicalImaging.Api.Telemetry;

/// <summary>
/// Records every request's duration and outcome by route template. Sits outside the exception handler so it sees the
/// status the client gets; the exception handler clears the endpoint before re-executing, so the original endpoint is
/// read back from <see cref="IExceptionHandlerFeature"/>. Also names the ASP.NET Core server span the same way.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var statusCode = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            statusCode = context.Response.StatusCode;
        }
        finally
        {
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
            HttpMetrics.RecordRequest(context.Request.Method, route, statusCode, Stopwatch.GetElapsedTime(started));
            NameServerSpan(Activity.Current, context.Request.Method, route, statusCode);
        }
    }

    private static void NameServerSpan(Activity? activity, string method, string? route, int statusCode)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        var methodLabel = HttpMetrics.MethodLabel(method);
        activity.DisplayName = route is null ? methodLabel : $"{methodLabel} {route}";
        activity.SetTag("http.request.method", methodLabel);
        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", statusCode);
        if (statusCode >= StatusCodes.Status500InternalServerError)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
