using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Security;

/// <summary>Development keys are committed to the repository; a host outside Development must refuse to start with them.</summary>
public sealed class StartupGuardTests
{
    [Theory]
    [InlineData("Authentication:Jwt:SigningKeys:0:KeyId", "dev-2026", "development token signing key")]
    [InlineData("Security:Phi:ActiveKeyId", "dev-phi-1", "development PHI encryption key")]
    public async Task Production_refuses_to_start_with_a_development_key(string setting, string developmentId, string expected)
    {
        var overrides = new Dictionary<string, string?> { [setting] = developmentId };
        if (setting.StartsWith("Security:Phi", StringComparison.Ordinal))
        {
            overrides[$"Security:Phi:Keys:{developmentId}"] = TestKeys.PhiKey;
        }

        IAsyncLifetime production = new ConfiguredApiFactory("Production", overrides);
        await production.InitializeAsync();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => ((ApiFactory)production).CreateClient());

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await production.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Security:ForwardedHeaders:Enabled", "true", "Security:ForwardedHeaders:Enabled needs KnownProxies or KnownNetworks")]
    [InlineData("Security:ForwardedHeaders:KnownProxies:0", "10.0.0.300", "'10.0.0.300' is not an IP address")]
    public async Task Forwarded_headers_that_would_trust_nobody_or_a_malformed_proxy_stop_start_up(string setting, string value, string expected)
    {
        var overrides = new Dictionary<string, string?> { ["Security:ForwardedHeaders:Enabled"] = "true", [setting] = value };

        IAsyncLifetime host = new ConfiguredApiFactory("Testing", overrides);
        await host.InitializeAsync();
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => ((ApiFactory)host).CreateClient());

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private sealed class ConfiguredApiFactory(string environment, IReadOnlyDictionary<string, string?> settings) : ApiFactory
    {
        protected override string Environment => environment;

        protected override IReadOnlyDictionary<string, string?> Settings => settings;
    }
}
