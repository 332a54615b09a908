using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

public sealed class HardeningTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/api/v1/instances/by-attribute?tag=00080060&value=CT")]
    [InlineData("/docs/index.html")]
    public async Task Every_answer_carries_the_security_headers_and_no_server_header(string path)
    {
        var response = await api.CreateClientFor(Roles.Radiologist).GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
        if (path.StartsWith("/api", StringComparison.Ordinal))
        {
            Assert.True(response.Headers.CacheControl?.NoStore);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : "";

    [Fact]
    public async Task Cross_origin_requests_get_no_CORS_grant_by_default()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/studies/1.2.3");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        var response = await api.CreateClient().SendAsync(preflight);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_body_over_the_route_limit_is_refused_with_413_before_it_is_read()
    {
        var response = await api.CreateClientFor(Roles.Admin).PostAsync("/api/v1/admin/api-keys",
            new ByteArrayContent(new byte[(1024 * 1024) + 1]) { Headers = { ContentType = new("application/json") } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Validation_errors_carry_no_exception_details()
    {
        var response = await api.CreateClientFor(Roles.Radiologist).GetAsync("/api/v1/studies/1.2.abc");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}

/// <summary>A host with tiny rate limits and one allowed browser origin.</summary>
public sealed class TightlyLimitedApiFactory : ApiFactory
{
    public const string AllowedOrigin = "https://viewer.hospital.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:RateLimitPermits"] = "3",
        ["Security:RateLimitWindow"] = "01:00:00",
        ["Security:CorsAllowedOrigins:0"] = AllowedOrigin,
    };
}

public sealed class RateLimitAndCorsTests(TightlyLimitedApiFactory api) : IClassFixture<TightlyLimitedApiFactory>
{
    [Fact]
    public async Task A_caller_over_its_rate_is_refused_with_429_while_other_callers_and_probes_go_on()
    {
        var greedy = api.CreateClientFor("greedy", Roles.Radiologist);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await greedy.GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT")).StatusCode);
        }

        var refused = await greedy.GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");
        var other = await api.CreateClientFor("patient-one", Roles.Radiologist).GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health")).StatusCode);
        }
    }

    [Fact]
    public async Task A_configured_origin_is_granted_CORS_and_others_are_not()
    {
        var allowed = await PreflightAsync(TightlyLimitedApiFactory.AllowedOrigin);
        var other = await PreflightAsync("https://evil.example");

        Assert.Equal(TightlyLimitedApiFactory.AllowedOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/studies/1.2.3");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        return await api.CreateClient().SendAsync(preflight);
    }
}

/// <summary>A database whose schema is broken under the running API: the 500 it causes must say nothing about why.</summary>
public sealed class UnexpectedErrorTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_unexpected_failure_is_a_bare_500_problem_without_stack_trace_or_internals()
    {
        var metadata = SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1);
        await using (var host = new UseCaseHost(api.ConnectionString))
        {
            await host.RegisterAsync(metadata);
        }

        await Database.ExecuteAsync(api.ConnectionString, "ALTER TABLE series RENAME TO series_moved_by_mistake");
        var response = await api.CreateClientFor(Roles.Radiologist).GetAsync($"/api/v1/studies/{metadata.StudyInstanceUid}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var text = body.ToString();
        Assert.Equal("An unexpected error occurred", body.GetProperty("title").GetString());
        Assert.True(body.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("series", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", text, StringComparison.Ordinal);
    }
}
