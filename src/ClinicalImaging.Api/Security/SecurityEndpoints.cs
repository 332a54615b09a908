using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Audit.SearchAuditEvents;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Common.Security.ApiKeys;
using MediatR;

namespace ClinicalImaging.Api.Security;

/// <summary>API key administration (admins) and the audit trail (admins and auditors).</summary>
internal static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapGroup("/api/v1/admin/api-keys").WithTags("Administration").RequireAuthorization(AccessPolicies.Administration);
        keys.MapPost("/", async (CreateApiKeyRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new CreateApiKeyCommand(body.Name, body.Scopes ?? [], body.ExpiresAt), ct);
                return Results.Created($"/api/v1/admin/api-keys/{created.Details.Id}", created);
            })
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key for a machine; the key is in this response only and cannot be shown again")
            .Produces<CreatedApiKey>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListApiKeysQuery(), ct)))
            .WithName("ListApiKeys")
            .WithSummary("Every API key, revoked ones included, without secrets")
            .Produces<IReadOnlyList<ApiKeyView>>();
        keys.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RevokeApiKeyCommand(id), ct);
                return Results.NoContent();
            })
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key at once")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        endpoints.MapGet("/api/v1/audit", async (
                DateTimeOffset? from, DateTimeOffset? to, string? actorId, string? action, string? resourceType, string? resourceId,
                AuditOutcome? outcome, long? beforeId, int? pageSize, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(
                    new SearchAuditEventsQuery(new AuditSearch(from, to, actorId, action, resourceType, resourceId, outcome, beforeId,
                        pageSize ?? SearchAuditEventsQuery.DefaultPageSize)), ct)))
            .WithTags("Audit")
            .RequireAuthorization(AccessPolicies.AuditRead)
            .WithName("SearchAuditEvents")
            .WithSummary("Audit events, newest first; filters combine; pass nextBeforeId as beforeId for the next page")
            .Produces<AuditPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    /// <summary>Scopes are roles (admin, technologist, …) or scopes (metrics).</summary>
    internal sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt);
}
