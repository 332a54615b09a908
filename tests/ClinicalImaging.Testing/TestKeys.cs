using ClinicalImaging.Infrastructure.Security;

namespace ClinicalImaging.Testing;

/// <summary>
/// Keys for tests, fresh for every test run: a token signing key, a PHI keyring and a blind index key. Hosts built by
/// the fixtures get them as configuration, exactly as a deployment would.
/// </summary>
public static class TestKeys
{
    public const string Issuer = "clinimg-tests";
    public const string Audience = "clinicalimaging-api";
    public const string SigningKeyId = "test-signing";
    public const string PhiKeyId = "test-phi-1";

    public static readonly string SigningSecret = PhiProtector.GenerateKey();
    public static readonly string PhiKey = PhiProtector.GenerateKey();
    public static readonly string BlindIndexKey = PhiProtector.GenerateKey();
    public static readonly string ResearchPseudonymKey = PhiProtector.GenerateKey();
    public static readonly string ResearchDateShiftKey = PhiProtector.GenerateKey();

    public static PhiProtectionOptions PhiOptions => new()
    {
        ActiveKeyId = PhiKeyId,
        Keys = new Dictionary<string, string>(StringComparer.Ordinal) { [PhiKeyId] = PhiKey },
        BlindIndexKey = BlindIndexKey,
    };

    public static JwtOptions Jwt => new()
    {
        Issuer = Issuer,
        Audience = Audience,
        SigningKeys = [new JwtSigningKey { KeyId = SigningKeyId, Secret = SigningSecret }],
    };

    /// <summary>Configuration entries for the PHI keyring (<c>Security:Phi</c>).</summary>
    public static Dictionary<string, string?> PhiSettings(string activeKeyId, IReadOnlyDictionary<string, string> keys)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Security:Phi:ActiveKeyId"] = activeKeyId,
            ["Security:Phi:BlindIndexKey"] = BlindIndexKey,
        };
        foreach (var (id, key) in keys)
        {
            settings[$"Security:Phi:Keys:{id}"] = key;
        }

        return settings;
    }

    public static Dictionary<string, string?> Settings => new(PhiSettings(PhiKeyId, new Dictionary<string, string> { [PhiKeyId] = PhiKey }), StringComparer.Ordinal)
    {
        ["Authentication:Jwt:Issuer"] = Issuer,
        ["Authentication:Jwt:Audience"] = Audience,
        ["Authentication:Jwt:SigningKeys:0:KeyId"] = SigningKeyId,
        ["Authentication:Jwt:SigningKeys:0:Secret"] = SigningSecret,
        ["Research:PseudonymKey"] = ResearchPseudonymKey,
        ["Research:DateShiftKey"] = ResearchDateShiftKey,
    };

    /// <summary>A bearer token the test hosts accept, for a user with <paramref name="roles"/>.</summary>
    public static string Token(string user, params string[] roles) =>
        JwtKeys.IssueToken(Jwt, SigningKeyId, user, user, roles, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);
}
