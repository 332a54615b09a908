namespace ClinicalImaging.Application.Common.Security;

public enum ActorKind
{
    /// <summary>A person, authenticated by a bearer token from the identity provider.</summary>
    User,

    /// <summary>A machine (modality, PACS, AI worker), authenticated by an API key.</summary>
    ApiKey,

    /// <summary>This service's own trusted process (a CLI command, a background job): not reachable over HTTP.</summary>
    System,
}

/// <summary>Who is asking: the subject of every access decision and every audit record.</summary>
public interface ICurrentUser
{
    ActorKind Kind { get; }

    bool IsAuthenticated { get; }

    /// <summary>The stable subject: the token's subject claim, <c>apikey:{id}</c>, or <c>system:{process}</c>.</summary>
    string ActorId { get; }

    /// <summary>A display name for audit readers (a person's user name or an API key's label); never patient data.</summary>
    string? DisplayName { get; }

    IReadOnlySet<string> Roles { get; }

    IReadOnlySet<string> Scopes { get; }
}

/// <summary>
/// The identity of a process that is not serving a remote caller (CLI, worker, tests through the mediator). The HTTP
/// host replaces it with the caller's identity, so no request from outside ever runs as the system.
/// </summary>
public sealed class SystemUser : ICurrentUser
{
    private static readonly HashSet<string> None = [];

    public ActorKind Kind => ActorKind.System;

    public bool IsAuthenticated => true;

    public string ActorId { get; } = $"system:{AppDomain.CurrentDomain.FriendlyName}";

    public string? DisplayName => null;

    public IReadOnlySet<string> Roles => None;

    public IReadOnlySet<string> Scopes => None;
}
