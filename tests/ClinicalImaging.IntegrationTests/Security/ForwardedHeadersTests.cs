using System.Net;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>The API on a real loopback socket (the connection's address is 127.0.0.1), with forwarded-header settings.</summary>
public abstract class ProxiedApiFactory : ApiFactory
{
    protected ProxiedApiFactory() => UseKestrel(0);
}

/// <summary>Forwarded headers believed from the loopback address: the test client plays the proxy.</summary>
public sealed class TrustedProxyApiFactory : ProxiedApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:ForwardedHeaders:Enabled"] = "true",
        ["Security:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    };
}

/// <summary>Forwarded headers believed only from another network: the test client is not a trusted proxy.</summary>
public sealed class UntrustedProxyApiFactory : ProxiedApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:ForwardedHeaders:Enabled"] = "true",
        ["Security:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
    };
}

/// <summary>No forwarded-header settings: the default.</summary>
public sealed class DirectApiFactory : ProxiedApiFactory;

public sealed class ForwardedHeadersTests(TrustedProxyApiFactory trusted, UntrustedProxyApiFactory untrusted, DirectApiFactory direct)
    : IClassFixture<TrustedProxyApiFactory>, IClassFixture<UntrustedProxyApiFactory>, IClassFixture<DirectApiFactory>
{
    private const string ClientAddress = "203.0.113.7";

    [Fact]
    public async Task The_audit_trail_records_the_forwarded_client_address_only_from_a_trusted_proxy()
    {
        Assert.Equal(ClientAddress, await AuditedAddressAsync(trusted));
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(untrusted));
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(direct));
    }

    /// <summary>A request that says it comes from <see cref="ClientAddress"/>; what the audit trail believed.</summary>
    private static async Task<string?> AuditedAddressAsync(ApiFactory api)
    {
        var study = SampleInstances.NewUid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/studies/{study}");
        request.Headers.Add("X-Forwarded-For", ClientAddress);
        using var response = await api.CreateClientFor(Roles.Radiologist).SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var rows = await Database.QueryAsync(api.ConnectionString, $"SELECT client_address FROM audit_events WHERE '{study}' = ANY(resource_ids)");
        return (string?)Assert.Single(rows)[0];
    }
}
