using System.Net.Http.Headers;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Api;

/// <summary>
/// The real API host over its own fresh PostgreSQL database; migrations run at start-up as in production. Tokens are
/// signed with the run's test key (<see cref="TestKeys"/>); <see cref="CreateClientFor"/> gives a client per role.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public string ConnectionString => _database.ConnectionString;

    /// <summary>This host's own object store, so that tests never see (or discard) another host's objects.</summary>
    public string StorageRoot { get; } = Directory.CreateTempSubdirectory("clinimg-api-objects-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();

    /// <summary>A client whose requests carry a bearer token for <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public HttpClient CreateClientFor(string user, params string[] roles) => WithHeader(CreateClient(), "Bearer", TestKeys.Token(user, roles));

    /// <summary>A client for a user holding exactly one role, named after it.</summary>
    public HttpClient CreateClientFor(string role) => CreateClientFor($"user-{role}", role);

    public HttpClient CreateClientWithApiKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Extra settings a derived factory needs (rate limits, CORS origins, another identity provider…).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual string Environment => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:ClinicalImaging", _database.ConnectionString);
        builder.UseSetting("Storage:RootPath", StorageRoot);
        // A derived factory's setting replaces the test keys' settings under it; null removes them.
        var overrides = Settings;
        var inherited = TestKeys.Settings.Where(s => !overrides.Keys.Any(k => s.Key.StartsWith(k, StringComparison.Ordinal)));
        foreach (var (key, value) in inherited.Concat(overrides.Where(o => o.Value is not null)))
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(StorageRoot, recursive: true);
    }

    private static HttpClient WithHeader(HttpClient client, string scheme, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        return client;
    }
}
