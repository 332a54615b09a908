using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Common.Security.ApiKeys;
using ClinicalImaging.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// API keys look like <c>cik_{prefix}_{secret}</c>: the 12-hex-digit prefix is public and finds the row; the secret is
/// 256 random bits, of which only the SHA-256 is stored (a slow password hash adds nothing to a random 256-bit
/// secret) and compared in constant time. Creation and revocation are audited in their own transaction.
/// </summary>
public sealed class EfApiKeyStore(ClinicalImagingDbContext db, IAuditTrail auditTrail, ICurrentUser user, IClock clock) : IApiKeyStore
{
    public const string KeyPrefix = "cik_";
    private const int PrefixBytes = 6;
    private const int SecretBytes = 32;

    /// <summary><c>last_used_at</c> is refreshed at most this often, so a busy key does not write on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiKey> CreateAsync(string name, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixBytes));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var record = new ApiKeyRecord
        {
            Id = Guid.CreateVersion7(),
            Prefix = prefix,
            Name = name,
            SecretHash = Hash(secret),
            Scopes = [.. scopes],
            CreatedBy = user.ActorId,
            CreatedAt = clock.UtcNow,
            ExpiresAt = expiresAt,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await auditTrail.RecordAsync(new AuditRecord(AuditActions.ApiKeyCreate, "ApiKey", [record.Id.ToString()], AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CreatedApiKey(ToView(record), $"{KeyPrefix}{prefix}_{secret}");
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        var records = await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return records.Select(ToView).ToList();
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        var found = await db.ApiKeys.Where(k => k.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), cancellationToken).ConfigureAwait(false);
        if (found == 0)
        {
            return false;
        }

        await auditTrail.RecordAsync(new AuditRecord(AuditActions.ApiKeyRevoke, "ApiKey", [id.ToString()], AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<ApiKeyIdentity?> AuthenticateAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!TryParse(presentedKey, out var prefix, out var secret))
        {
            return null;
        }

        var now = clock.UtcNow;
        var record = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken).ConfigureAwait(false);
        // The hash is compared even for an unknown prefix, so timing does not tell which prefixes exist.
        var expected = record?.SecretHash ?? new byte[SHA256.HashSizeInBytes];
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), expected);
        if (record is null || !matches || record.RevokedAt is not null || record.ExpiresAt <= now)
        {
            return null;
        }

        var staleBefore = now - LastUsedResolution;
        await db.ApiKeys.Where(k => k.Id == record.Id && (k.LastUsedAt == null || k.LastUsedAt < staleBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken).ConfigureAwait(false);
        return new ApiKeyIdentity(record.Id, record.Name, record.Scopes);
    }

    private static bool TryParse(string presented, out string prefix, out string secret)
    {
        prefix = secret = string.Empty;
        if (string.IsNullOrEmpty(presented) || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 128)
        {
            return false;
        }

        var body = presented.AsSpan(KeyPrefix.Length);
        var separator = body.IndexOf('_');
        if (separator != PrefixBytes * 2)
        {
            return false;
        }

        prefix = body[..separator].ToString();
        secret = body[(separator + 1)..].ToString();
        return secret.Length > 0;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    private static ApiKeyView ToView(ApiKeyRecord k) =>
        new(k.Id, k.Prefix, k.Name, k.Scopes, k.CreatedBy, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
}
