using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Appends audit events on the request's own DbContext connection (<see cref="AuditActor.RecordAsync"/>): inside a
/// store's open transaction the event commits or rolls back with the change; otherwise it is its own statement.
/// </summary>
public sealed class EfAuditTrail(ClinicalImagingDbContext db, ICurrentUser user, IRequestOrigin origin, IClock clock) : IAuditTrail
{
    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken) =>
        AuditActor.Of(user, origin).RecordAsync(db, record, clock.UtcNow, cancellationToken);

    public async Task<AuditPage> SearchAsync(AuditSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var events = db.AuditEvents.AsNoTracking();
        if (search.From is { } from)
        {
            events = events.Where(e => e.OccurredAt >= from);
        }

        if (search.To is { } to)
        {
            events = events.Where(e => e.OccurredAt < to);
        }

        if (search.ActorId is { } actorId)
        {
            events = events.Where(e => e.ActorId == actorId);
        }

        if (search.Action is { } action)
        {
            events = events.Where(e => e.Action == action);
        }

        if (search.ResourceType is { } resourceType)
        {
            events = events.Where(e => e.ResourceType == resourceType);
        }

        if (search.ResourceId is { } resourceId)
        {
            events = events.Where(e => e.ResourceIds.Contains(resourceId));
        }

        if (search.Outcome is { } outcome)
        {
            var name = outcome.ToString();
            events = events.Where(e => e.Outcome == name);
        }

        if (search.BeforeId is { } beforeId)
        {
            events = events.Where(e => e.Id < beforeId);
        }

        // One row more than the page tells whether another page exists.
        var rows = await events.OrderByDescending(e => e.Id).Take(search.PageSize + 1).ToListAsync(cancellationToken).ConfigureAwait(false);
        var page = rows.Take(search.PageSize).Select(ToView).ToList();
        return new AuditPage(page, rows.Count > search.PageSize ? page[^1].Id : null);
    }

    private static AuditEventView ToView(AuditEventRecord e) => new(
        e.Id, e.OccurredAt, e.ActorKind, e.ActorId, e.ActorName, e.ActorRoles, e.Action, e.ResourceType, e.ResourceIds, e.Outcome,
        e.ClientAddress, e.UserAgentHash, e.CorrelationId);
}
