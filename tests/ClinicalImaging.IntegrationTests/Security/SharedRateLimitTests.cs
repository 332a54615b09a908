using System.Net;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>
/// Two API hosts over one database with <c>Security:RateLimitStore=PostgreSql</c>: as two replicas behind a load
/// balancer, they count a caller's requests against one limit; when the counter cannot be read, each fails as configured.
/// </summary>
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private const int Permits = 5;
    private const string Path = "/api/v1/instances/by-attribute?tag=00080060&value=CT";

    private readonly TestDatabase _shared = new();
    private readonly TestDatabase _broken = new();
    private readonly List<IAsyncLifetime> _replicas = [];

    public async Task InitializeAsync()
    {
        await _shared.InitializeAsync();
        await _broken.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await _shared.DisposeAsync();
        await _broken.DisposeAsync();
    }

    private async Task<ApiFactory> ReplicaAsync(string connectionString, string failure)
    {
        var replica = new ReplicaFactory(connectionString, failure);
        _replicas.Add(replica);
        await ((IAsyncLifetime)replica).InitializeAsync();
        return replica;
    }

    [Fact]
    public async Task Two_replicas_count_a_callers_requests_against_one_limit()
    {
        var first = await ReplicaAsync(_shared.ConnectionString, "Open");
        var second = await ReplicaAsync(_shared.ConnectionString, "Open");
        var (onFirst, onSecond) = (first.CreateClientFor("shared-caller", Roles.Radiologist), second.CreateClientFor("shared-caller", Roles.Radiologist));

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < Permits; i++)
        {
            allowed.Add((await (i % 2 == 0 ? onFirst : onSecond).GetAsync(Path)).StatusCode);
        }

        using var overFirst = await onFirst.GetAsync(Path);
        using var overSecond = await onSecond.GetAsync(Path);
        using var otherCaller = await second.CreateClientFor("other-caller", Roles.Radiologist).GetAsync(Path);

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, overFirst.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, overSecond.StatusCode);
        Assert.True(int.Parse(overSecond.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("application/problem+json", overSecond.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherCaller.StatusCode);
        var rows = await Database.QueryAsync(_shared.ConnectionString, "SELECT permits FROM rate_limit_counters ORDER BY permits");
        Assert.Equal([1, Permits + 2], rows.Select(r => (int)r[0]!));
    }

    [Fact]
    public async Task Without_its_counter_a_replica_fails_open_or_closed_as_configured()
    {
        var open = await ReplicaAsync(_broken.ConnectionString, "Open");
        var closed = await ReplicaAsync(_broken.ConnectionString, "Closed");
        var (openClient, closedClient) = (open.CreateClientFor(Roles.Radiologist), closed.CreateClientFor(Roles.Radiologist));
        await Database.ExecuteAsync(_broken.ConnectionString, "ALTER TABLE rate_limit_counters RENAME TO rate_limit_counters_gone");
        try
        {
            using var throughOpen = await openClient.GetAsync(Path);
            using var throughClosed = await closedClient.GetAsync(Path);
            using var probe = await closed.CreateClient().GetAsync("/health");

            Assert.Equal(HttpStatusCode.OK, throughOpen.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, throughClosed.StatusCode);
            Assert.Contains("rate limit counter cannot be read", await throughClosed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        }
        finally
        {
            await Database.ExecuteAsync(_broken.ConnectionString, "ALTER TABLE rate_limit_counters_gone RENAME TO rate_limit_counters");
        }
    }

    /// <summary>A replica over <paramref name="connectionString"/>. The window is a year long (windows are aligned on the database clock), so no test run straddles two.</summary>
    private sealed class ReplicaFactory(string connectionString, string failure) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:ClinicalImaging"] = connectionString,
            ["Security:RateLimitStore"] = "PostgreSql",
            ["Security:RateLimitStoreFailure"] = failure,
            ["Security:RateLimitPermits"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Security:RateLimitWindow"] = "365.00:00:00",
        };
    }
}
