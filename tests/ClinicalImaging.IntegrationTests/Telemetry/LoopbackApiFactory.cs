using ClinicalImaging.IntegrationTests.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>The API host on Kestrel at a free loopback port, for peers that need a real socket (Prometheus).</summary>
public sealed class LoopbackApiFactory : ApiFactory
{
    public LoopbackApiFactory() => UseKestrel(0);

    /// <summary>Starts the server if needed and returns where it listens.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.First());
        }
    }
}
