namespace ClinicalImaging.Application.Common.Security.ApiKeys;

/// <summary>API keys for machines: stored as hashes, looked up by their public prefix, revocable.</summary>
public interface IApiKeyStore
{
    /// <summary>Creates a key and returns its secret form, which is never stored and cannot be shown again.</summary>
    Task<CreatedApiKey> CreateAsync(string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the key at once; false when no such key exists. Revoking twice keeps the first time.</summary>
    Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The key's identity when <paramref name="presentedKey"/> is a live key (known, not revoked, not expired); otherwise null.</summary>
    Task<ApiKeyIdentity?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken);
}

/// <summary>A key just created. <see cref="Key"/> is the only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeyView Details, string Key);

/// <summary>What administrators see of a key: never its secret or its hash.</summary>
public sealed record ApiKeyView(
    Guid Id,
    string Prefix,
    string Name,
    IReadOnlyList<string> Scopes,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>Who an authenticated key is; its scopes hold roles (<see cref="Security.Roles"/>) and scopes (<see cref="Security.Scopes"/>).</summary>
public sealed record ApiKeyIdentity(Guid Id, string Name, IReadOnlyList<string> Scopes);
