using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application;
using ClinicalImaging.Infrastructure;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Testing;

/// <summary>
/// The application and infrastructure as the API wires them, without HTTP: use cases go through the mediator as the
/// <see cref="ClinicalImaging.Application.Common.Security.SystemUser"/> (a trusted local process), with the test keys.
/// </summary>
public sealed class UseCaseHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    /// <param name="settings">Extra configuration (e.g. another PHI keyring); the test keys otherwise.</param>
    /// <param name="logs">Where log output goes, at every level (none by default).</param>
    public UseCaseHost(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(TestKeys.Settings)
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ClinicalImaging"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            }
        });
        services.AddApplication();
        services.AddInfrastructure(configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public IServiceProvider Services => _provider;

    /// <summary>Sends the request in its own scope, as one HTTP request would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    /// <summary>
    /// Registers one object's metadata as ingest does (<see cref="RegisterInstancesCommand"/> of one); a refusal (conflict,
    /// hierarchy mismatch) is thrown, as a single registration's caller would see it.
    /// </summary>
    public async Task<InstanceRegistration> RegisterAsync(InstanceMetadata metadata, CancellationToken cancellationToken = default)
    {
        var result = (await SendAsync(new RegisterInstancesCommand([metadata]), cancellationToken))[0];
        return result.Registration ?? throw result.Refusal!;
    }

    /// <summary>Stores the objects as one request would send them (<see cref="StoreInstancesCommand"/>), in order.</summary>
    public Task<IReadOnlyList<StoreInstanceResult>> StoreAsync(IEnumerable<byte[]> objects, string? expectedStudyInstanceUid = null) =>
        SendAsync(new StoreInstancesCommand(Incoming(objects), expectedStudyInstanceUid));

    private static async IAsyncEnumerable<IncomingObject> Incoming(IEnumerable<byte[]> objects)
    {
        foreach (var bytes in objects)
        {
            await Task.Yield();
            yield return IncomingObject.Of(new MemoryStream(bytes));
        }
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
