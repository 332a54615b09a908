namespace ClinicalImaging.Api.Security;

/// <summary>Names shared by the authentication set-up, its handlers and tests.</summary>
public static class SecurityNames
{
    /// <summary>The default scheme: forwards to <see cref="ApiKeyScheme"/> when an API key header is present, else to bearer tokens.</summary>
    public const string DefaultScheme = "ClinicalImaging";

    public const string BearerScheme = "Bearer";

    public const string ApiKeyScheme = "ApiKey";

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Set true to require admins or a <c>metrics</c>-scoped key on <c>/metrics</c> (anonymous otherwise).</summary>
    public const string MetricsRequireAuthenticationSetting = "Metrics:RequireAuthentication";

    /// <summary>The policy <c>/metrics</c> carries when protected (see <see cref="MetricsAccess"/>).</summary>
    public const string MetricsPolicy = Application.Common.Security.AccessPolicies.Metrics;

    /// <summary>Claim types our API keys issue (tokens use the configured <c>RoleClaim</c> and <c>ScopeClaim</c>).</summary>
    public const string ApiKeyRoleClaim = "role";

    public const string ApiKeyScopeClaim = "scope";

    public const string SubjectClaim = "sub";

    public const string NameClaim = "name";
}
