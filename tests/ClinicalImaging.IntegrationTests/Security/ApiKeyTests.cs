using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

public sealed class ApiKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_created_key_is_shown_once_stored_as_a_hash_and_works_within_its_scopes()
    {
        var (id, key) = await CreateAsync("CT01 modality", Roles.Technologist);
        var machine = api.CreateClientWithApiKey(key);

        var allowed = await machine.GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");
        var forbidden = await machine.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var listed = await api.CreateClientFor(Roles.Admin).GetStringAsync("/api/v1/admin/api-keys");
        Assert.Contains(id.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], listed, StringComparison.Ordinal);

        var row = Assert.Single(await Database.QueryAsync(api.ConnectionString, "SELECT secret_hash, last_used_at, scopes FROM api_keys WHERE id = $1", id));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(key.Split('_', 3)[2])), (byte[])row[0]!);
        Assert.NotNull(row[1]);
        Assert.Equal([Roles.Technologist], (string[])row[2]!);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (id, key) = await CreateAsync("retired PACS", Roles.Technologist);
        var machine = api.CreateClientWithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT")).StatusCode);

        var revoked = await api.CreateClientFor(Roles.Admin).DeleteAsync($"/api/v1/admin/api-keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var refused = await machine.GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("cik_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task An_unknown_or_malformed_key_is_401(string key)
    {
        var response = await api.CreateClientWithApiKey(key).GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_with_a_forged_secret_but_a_real_prefix_is_401()
    {
        var (_, key) = await CreateAsync("forgery target", Roles.Technologist);
        var forged = key[..^4] + (key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var response = await api.CreateClientWithApiKey(forged).GetAsync("/api/v1/instances/by-attribute?tag=00080060&value=CT");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_scopes_are_refused_with_the_valid_ones_listed()
    {
        var response = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "x", scopes = new[] { "superuser" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'superuser' is neither a role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(Guid Id, string Key)> CreateAsync(string name, params string[] scopes)
    {
        var response = await api.CreateClientFor(Roles.Admin).PostAsJsonAsync("/api/v1/admin/api-keys", new { name, scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("details").GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }
}
