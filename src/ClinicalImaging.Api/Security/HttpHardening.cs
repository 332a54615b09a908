using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Security;

/// <summary>Response headers every answer carries, and the request body limit every route has.</summary>
internal static class HttpHardening
{
    /// <summary>
    /// No MIME sniffing, no framing, no referrer, no caching of answers (they may hold patient data) and, for the
    /// API, a content security policy that allows nothing (JSON needs no scripts); Swagger UI gets frame-ancestors only.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/docs")
                ? "frame-ancestors 'none'"
                : "default-src 'none'; frame-ancestors 'none'";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>
    /// Applies each route's body limit (<see cref="IRequestSizeLimitMetadata"/>, e.g. <c>.WithMetadata(new RequestSizeLimitAttribute(n))</c>
    /// on upload routes) or the configured default, and refuses a declared oversize body at once with 413.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata
            ? metadata.MaxRequestBodySize
            : context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.DefaultMaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (limit is not null && context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"This route accepts at most {limit} bytes",
                },
            });
            return;
        }

        await next(context);
    });
}
