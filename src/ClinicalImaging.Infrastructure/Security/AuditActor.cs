using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Who acted and from where, taken from a request when it is made, so that its audit event can be written later by
/// another scope (ingest registers the objects of concurrent requests in one transaction, decision 0813).
/// </summary>
public sealed record AuditActor(
    ActorKind Kind, string ActorId, string? DisplayName, string[] Roles, string? ClientAddress, string? UserAgentHash, string? CorrelationId)
{
    public static AuditActor Of(ICurrentUser user, IRequestOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(origin);
        return new AuditActor(
            user.Kind,
            user.ActorId,
            user.DisplayName,
            [.. user.Roles.Concat(user.Scopes).Order(StringComparer.Ordinal)],
            origin.ClientAddress,
            origin.UserAgentHash,
            origin.CorrelationId);
    }

    /// <summary>The event this actor's <paramref name="record"/> is stored as.</summary>
    internal AuditEventRecord ToEvent(AuditRecord record, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AuditEventRecord
        {
            OccurredAt = occurredAt,
            ActorKind = Kind.ToString(),
            ActorId = ActorId,
            ActorName = DisplayName,
            ActorRoles = Roles,
            Action = record.Action,
            ResourceType = record.ResourceType,
            ResourceIds = [.. record.ResourceIds],
            Outcome = record.Outcome.ToString(),
            ClientAddress = ClientAddress,
            UserAgentHash = UserAgentHash,
            CorrelationId = CorrelationId,
        };
    }

    /// <summary>
    /// Appends the event with a plain INSERT on <paramref name="db"/>'s connection: inside its open transaction the event
    /// commits or rolls back with the change. It never goes through the change tracker, so a failed change's leftover
    /// entities cannot ride along.
    /// </summary>
    public async Task RecordAsync(ClinicalImagingDbContext db, AuditRecord record, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var e = ToEvent(record, occurredAt);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO audit_events (occurred_at, actor_kind, actor_id, actor_name, actor_roles, action, resource_type, resource_ids,
                                      outcome, client_address, user_agent_hash, correlation_id)
            VALUES ({e.OccurredAt}, {e.ActorKind}, {e.ActorId}, {e.ActorName}, {e.ActorRoles}, {e.Action}, {e.ResourceType},
                    {e.ResourceIds}, {e.Outcome}, {e.ClientAddress}, {e.UserAgentHash}, {e.CorrelationId})
            """,
            cancellationToken).ConfigureAwait(false);
    }
}
