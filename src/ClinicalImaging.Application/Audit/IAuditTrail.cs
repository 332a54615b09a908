namespace ClinicalImaging.Application.Audit;

/// <summary>
/// The append-only record of who read or changed patient data. Implementations write through the caller's unit of
/// work: called inside a store's open transaction, the record commits or rolls back with the data change;
/// called outside one, it is written at once. A failure to write is thrown, never swallowed.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken);

    Task<AuditPage> SearchAsync(AuditSearch search, CancellationToken cancellationToken);
}

/// <summary>What happened and to which resources. Ids only (UIDs, internal keys, tags): never patient data.</summary>
public sealed record AuditRecord(string Action, string ResourceType, IReadOnlyList<string> ResourceIds, AuditOutcome Outcome);

public enum AuditOutcome
{
    Success,
    Denied,
    NotFound,
    Invalid,
    Conflict,
    Failed,
}

/// <summary>Where the request came from, as the host knows it; the actor comes from <see cref="Common.Security.ICurrentUser"/>.</summary>
public interface IRequestOrigin
{
    string? ClientAddress { get; }

    /// <summary>A short hash of the User-Agent header: enough to tell clients apart, not to fingerprint a person.</summary>
    string? UserAgentHash { get; }

    string? CorrelationId { get; }
}

/// <summary>A process without a remote caller (CLI, worker): no origin to record.</summary>
public sealed class LocalProcessOrigin : IRequestOrigin
{
    public string? ClientAddress => null;

    public string? UserAgentHash => null;

    public string? CorrelationId => null;
}

/// <summary>One stored audit event, as auditors read it.</summary>
public sealed record AuditEventView(
    long Id,
    DateTimeOffset OccurredAt,
    string ActorKind,
    string ActorId,
    string? ActorName,
    IReadOnlyList<string> ActorRoles,
    string Action,
    string ResourceType,
    IReadOnlyList<string> ResourceIds,
    string Outcome,
    string? ClientAddress,
    string? UserAgentHash,
    string? CorrelationId);

/// <summary>Filters (all optional, combined with AND) and a keyset page: events older than <see cref="BeforeId"/>, newest first.</summary>
public sealed record AuditSearch(
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? ActorId,
    string? Action,
    string? ResourceType,
    string? ResourceId,
    AuditOutcome? Outcome,
    long? BeforeId,
    int PageSize);

/// <summary>A page of events, newest first; pass <see cref="NextBeforeId"/> as <c>beforeId</c> for the next page (null: no more).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEventView> Events, long? NextBeforeId);

/// <summary>The audit trail could not be written, so the request it describes must not succeed (HTTP 503).</summary>
public sealed class AuditUnavailableException : Exception
{
    public AuditUnavailableException() : base("The audit trail is unavailable; the request was not completed") { }

    public AuditUnavailableException(string message) : base(message) { }

    public AuditUnavailableException(Exception innerException) : base("The audit trail is unavailable; the request was not completed", innerException) { }

    public AuditUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
