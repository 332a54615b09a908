namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Bearer token validation (<c>Authentication:Jwt</c>). Signing keys come from an OpenID Connect provider
/// (<see cref="Authority"/> or <see cref="MetadataAddress"/>: its JWKS document, refreshed automatically) and/or
/// from <see cref="SigningKeys"/> in configuration.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Authentication:Jwt";

    /// <summary>Signing key ids with this prefix are the committed development key: the API refuses them outside Development.</summary>
    public const string DevelopmentKeyIdPrefix = "dev-";

    public string Issuer { get; set; } = string.Empty;

    public string Audience { get; set; } = string.Empty;

    public string? Authority { get; set; }

    public string? MetadataAddress { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public List<JwtSigningKey> SigningKeys { get; set; } = [];

    /// <summary>The claim that carries roles (Keycloak realm roles mapped to "roles", Entra ID "roles", …).</summary>
    public string RoleClaim { get; set; } = "roles";

    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Space-separated OAuth scopes; only known scopes (<c>metrics</c>) grant anything.</summary>
    public string ScopeClaim { get; set; } = "scope";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A configured key: a symmetric secret (HS256, base64, at least 256 bits) or an RSA public key in PEM (RS256; other key types come through a JWKS document).</summary>
public sealed class JwtSigningKey
{
    public string KeyId { get; set; } = string.Empty;

    public string? Secret { get; set; }

    public string? PublicKeyPem { get; set; }
}
