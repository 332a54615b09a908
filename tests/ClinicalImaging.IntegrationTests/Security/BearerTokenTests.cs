using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Api.Security;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

public sealed class BearerTokenTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Path = "/api/v1/instances/by-attribute?tag=00080060&value=CT";

    public static TheoryData<string> Rejected => new()
    {
        "expired", "wrong-issuer", "wrong-audience", "other-key", "unsigned", "tampered-roles",
    };

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(TestKeys.Token("ok", Roles.Radiologist))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_token_that_fails_validation_is_401(string flaw)
    {
        var response = await SendAsync(Token(flaw));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_roles_in_a_token_grant_nothing()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(TestKeys.Token("x", "Radiologist", "superuser"))).StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(Path);
    }

    private static string Token(string flaw)
    {
        var jwt = TestKeys.Jwt;
        var now = DateTimeOffset.UtcNow;
        switch (flaw)
        {
            case "expired":
                return JwtKeys.IssueToken(jwt, TestKeys.SigningKeyId, "u", "u", [Roles.Radiologist], TimeSpan.FromMinutes(1), now.AddHours(-1));
            case "wrong-issuer":
                jwt.Issuer = "https://someone-else.example";
                break;
            case "wrong-audience":
                jwt.Audience = "another-api";
                break;
            case "other-key":
                jwt.SigningKeys[0].Secret = PhiProtector.GenerateKey();
                break;
            case "unsigned":
                return Base64Url("""{"alg":"none","typ":"JWT"}""") + "." +
                    Base64Url($$"""{"iss":"{{TestKeys.Issuer}}","aud":"{{TestKeys.Audience}}","sub":"u","roles":["admin"],"exp":{{now.AddHours(1).ToUnixTimeSeconds()}}}""") + ".";
            case "tampered-roles":
                var parts = TestKeys.Token("u", Roles.Research).Split('.');
                var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("research", "admin", StringComparison.Ordinal);
                return $"{parts[0]}.{Base64Url(payload)}.{parts[2]}";
        }

        return JwtKeys.IssueToken(jwt, TestKeys.SigningKeyId, "u", "u", [Roles.Radiologist], TimeSpan.FromMinutes(10), now);
    }

    private static string Base64Url(string text) => Base64UrlEncoder.Encode(text);

    private static byte[] Base64UrlDecode(string text) => Base64UrlEncoder.DecodeBytes(text);
}

/// <summary>
/// An OpenID Connect provider stands in behind <c>MetadataAddress</c>: discovery document and JWKS with an RSA key,
/// served to the API's back channel. Roles come in a configured claim ("groups").
/// </summary>
public sealed class IdentityProviderApiFactory : ApiFactory
{
    public const string ProviderIssuer = "https://idp.hospital.example/realms/imaging";
    public const string KeyId = "idp-rsa-1";

    public RSA SigningKey { get; } = RSA.Create(2048);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Authentication:Jwt:Issuer"] = ProviderIssuer,
        ["Authentication:Jwt:MetadataAddress"] = $"{ProviderIssuer}/.well-known/openid-configuration",
        ["Authentication:Jwt:SigningKeys"] = null,
        ["Authentication:Jwt:RoleClaim"] = "groups",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<JwtBearerOptions>(SecurityNames.BearerScheme, options =>
        {
            options.BackchannelHttpHandler = new ProviderHandler(this);
        }));
    }

    public string Token(string subject, params string[] groups) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = ProviderIssuer,
        Audience = TestKeys.Audience,
        Claims = new Dictionary<string, object> { ["sub"] = subject, ["groups"] = groups },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(SigningKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    private sealed class ProviderHandler(IdentityProviderApiFactory provider) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parameters = provider.SigningKey.ExportParameters(false);
            var body = request.RequestUri!.AbsolutePath.EndsWith("openid-configuration", StringComparison.Ordinal)
                ? JsonSerializer.Serialize(new Dictionary<string, string> { ["issuer"] = ProviderIssuer, ["jwks_uri"] = $"{ProviderIssuer}/protocol/openid-connect/certs" })
                : JsonSerializer.Serialize(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } });
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}

public sealed class IdentityProviderTests(IdentityProviderApiFactory api) : IClassFixture<IdentityProviderApiFactory>
{
    [Fact]
    public async Task Tokens_signed_with_the_providers_published_key_are_accepted_with_roles_from_the_configured_claim()
    {
        var radiologist = await SendAsync(api.Token("alice", Roles.Radiologist), "/api/v1/studies/1.2.3.4");
        var research = await SendAsync(api.Token("bob", Roles.Research), "/api/v1/studies/1.2.3.4");
        var foreign = await SendAsync(TestKeys.Token("mallory", Roles.Admin), "/api/v1/studies/1.2.3.4");

        Assert.Equal(HttpStatusCode.NotFound, radiologist.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, research.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string token, string path)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(path);
    }
}
