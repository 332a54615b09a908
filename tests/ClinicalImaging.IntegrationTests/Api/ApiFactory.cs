using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Api;

/// <summary>The real API host over its own fresh PostgreSQL database; migrations run at start-up as in production.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public string ConnectionString => _database.ConnectionString;

    /// <summary>This host's own object store, so that tests never see (or discard) another host's objects.</summary>
    public string StorageRoot { get; } = Directory.CreateTempSubdirectory("clinimg-api-objects-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:ClinicalImaging", _database.ConnectionString);
        builder.UseSetting("Storage:RootPath", StorageRoot);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(StorageRoot, recursive: true);
    }
}
