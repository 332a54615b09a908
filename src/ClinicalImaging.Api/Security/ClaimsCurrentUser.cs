using System.Security.Claims;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Security;

/// <summary>
/// The caller of an HTTP request as the application sees it, read from the authenticated principal: bearer tokens
/// carry roles in the configured role claim and scopes space-separated; API keys carry one claim per role or scope.
/// Only known roles and scopes count; anything else in a token is ignored.
/// </summary>
public sealed class ClaimsCurrentUser : ICurrentUser
{
    private ClaimsCurrentUser(ClaimsPrincipal principal, JwtOptions jwt)
    {
        var identity = principal.Identities.FirstOrDefault(i => i.IsAuthenticated);
        if (identity is null)
        {
            ActorId = "anonymous";
            return;
        }

        IsAuthenticated = true;
        var isApiKey = identity.AuthenticationType == SecurityNames.ApiKeyScheme;
        Kind = isApiKey ? ActorKind.ApiKey : ActorKind.User;
        ActorId = identity.FindFirst(SecurityNames.SubjectClaim)?.Value ?? identity.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        DisplayName = identity.FindFirst(isApiKey ? SecurityNames.NameClaim : jwt.NameClaim)?.Value;
        var roleClaim = isApiKey ? SecurityNames.ApiKeyRoleClaim : jwt.RoleClaim;
        var scopeClaim = isApiKey ? SecurityNames.ApiKeyScopeClaim : jwt.ScopeClaim;
        Roles = identity.FindAll(roleClaim).Select(c => c.Value).Where(Application.Common.Security.Roles.All.Contains).ToHashSet(StringComparer.Ordinal);
        Scopes = identity.FindAll(scopeClaim).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(Application.Common.Security.Scopes.All.Contains).ToHashSet(StringComparer.Ordinal);
    }

    public ActorKind Kind { get; } = ActorKind.User;

    public bool IsAuthenticated { get; }

    public string ActorId { get; }

    public string? DisplayName { get; }

    public IReadOnlySet<string> Roles { get; } = new HashSet<string>();

    public IReadOnlySet<string> Scopes { get; } = new HashSet<string>();

    public static ClaimsCurrentUser From(ClaimsPrincipal principal, JwtOptions jwt) => new(principal, jwt);

}

/// <summary>
/// The scoped <see cref="ICurrentUser"/> of the HTTP request being served. It reads the principal on each use, not at
/// creation: services of the request scope (the API key store among them) can be created during authentication,
/// before the principal exists.
/// </summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor, IOptions<JwtOptions> jwt) : ICurrentUser
{
    private static readonly SystemUser ThisService = new();

    private ClaimsPrincipal? _principal;
    private ClaimsCurrentUser? _user;

    public ActorKind Kind => Current.Kind;

    public bool IsAuthenticated => Current.IsAuthenticated;

    public string ActorId => Current.ActorId;

    public string? DisplayName => Current.DisplayName;

    public IReadOnlySet<string> Roles => Current.Roles;

    public IReadOnlySet<string> Scopes => Current.Scopes;

    /// <summary>Outside any HTTP request (a hosted service's own scope) the caller is this service itself.</summary>
    private ICurrentUser Current
    {
        get
        {
            if (accessor.HttpContext is not { } context)
            {
                return ThisService;
            }

            var principal = context.User;
            if (!ReferenceEquals(principal, _principal) || _user is null)
            {
                (_principal, _user) = (principal, ClaimsCurrentUser.From(principal, jwt.Value));
            }

            return _user;
        }
    }
}
