using System.Security.Claims;
using System.Text.Encodings.Web;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Common.Security.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Security;

/// <summary>Authenticates machines by the <c>X-Api-Key</c> header against the hashed keys in <see cref="IApiKeyStore"/>.</summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(SecurityNames.ApiKeyHeader, out var presented) || presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return AuthenticateResult.NoResult();
        }

        var key = await Context.RequestServices.GetRequiredService<IApiKeyStore>().AuthenticateAsync(presented[0]!, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired");
        }

        var claims = new List<Claim>
        {
            new(SecurityNames.SubjectClaim, $"apikey:{key.Id}"),
            new(SecurityNames.NameClaim, key.Name),
        };
        claims.AddRange(key.Scopes.Where(Roles.All.Contains).Select(r => new Claim(SecurityNames.ApiKeyRoleClaim, r)));
        claims.AddRange(key.Scopes.Where(Scopes.All.Contains).Select(s => new Claim(SecurityNames.ApiKeyScopeClaim, s)));
        var identity = new ClaimsIdentity(claims, SecurityNames.ApiKeyScheme, SecurityNames.NameClaim, SecurityNames.ApiKeyRoleClaim);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SecurityNames.ApiKeyScheme));
    }
}
