using ClinicalImaging.Application.Audit;
using ClinicalImaging.Domain.Studies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// Records every request an authenticated caller was refused at the endpoint (403) before answering it: a
/// clinician probing records they may not see is exactly what auditors look for. The resource is the route template
/// plus those route values shaped like UIDs or GUIDs; anything else a caller typed is not kept.
/// Unauthenticated 401s are not recorded: they have no actor, and scanners would flood the trail.
/// </summary>
internal sealed class AuditingAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && context.GetEndpoint() is RouteEndpoint endpoint)
        {
            var ids = new List<string> { "/" + endpoint.RoutePattern.RawText?.TrimStart('/') };
            ids.AddRange(context.Request.RouteValues.Values.Select(v => v?.ToString())
                .Where(v => v is not null && (Guid.TryParse(v, out _) || DicomUid.TryParse(v, out _, out _)))!);
            try
            {
                await context.RequestServices.GetRequiredService<IAuditTrail>()
                    .RecordAsync(new AuditRecord(AuditActions.AccessDenied, "Route", ids, AuditOutcome.Denied), context.RequestAborted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new AuditUnavailableException(exception);
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
