using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>Turns configured signing keys into validation keys, and signs tokens with a symmetric one (development and tests).</summary>
public static class JwtKeys
{
    private const int MinimumSecretBytes = 32;

    public static IReadOnlyList<SecurityKey> ValidationKeys(JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SigningKeys.Select(ToSecurityKey).ToList();
    }

    /// <summary>A signed token for <paramref name="subject"/> with roles in the configured role claim, HS256 with the named key.</summary>
    public static string IssueToken(JwtOptions options, string keyId, string subject, string? name, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = options.SigningKeys.FirstOrDefault(k => k.KeyId == keyId && k.Secret is not null)
            ?? throw new InvalidOperationException($"No symmetric signing key '{keyId}' in {JwtOptions.Section}:SigningKeys");
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject,
            [options.RoleClaim] = roles.ToArray(),
        };
        if (name is not null)
        {
            claims[options.NameClaim] = name;
        }

        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(ToSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    private static SecurityKey ToSecurityKey(JwtSigningKey key)
    {
        if (string.IsNullOrWhiteSpace(key.KeyId))
        {
            throw new InvalidOperationException($"Every entry of {JwtOptions.Section}:SigningKeys needs a KeyId");
        }

        if (key.Secret is { } secret)
        {
            var bytes = Convert.FromBase64String(secret);
            return bytes.Length >= MinimumSecretBytes
                ? new SymmetricSecurityKey(bytes) { KeyId = key.KeyId }
                : throw new InvalidOperationException($"Signing key '{key.KeyId}' is {bytes.Length} bytes; HS256 needs at least {MinimumSecretBytes}");
        }

        if (key.PublicKeyPem is { } pem)
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
        }

        throw new InvalidOperationException($"Signing key '{key.KeyId}' needs a Secret (base64) or a PublicKeyPem");
    }
}
