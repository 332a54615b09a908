using ClinicalImaging.Application.Pacs;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>The API host configured for one Orthanc, every log entry of ours (and of HttpClient) captured.</summary>
public sealed class OrthancApiFactory(IReadOnlyDictionary<string, string?> settings) : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>The host's own <see cref="IPacsClient"/>, wired as in production (a typed client: transient, no scope needed).</summary>
    public IPacsClient PacsClient() => Services.GetRequiredService<IPacsClient>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging
            .AddProvider(Logs)
            .AddFilter<CapturingLoggerProvider>("ClinicalImaging", LogLevel.Trace)
            .AddFilter<CapturingLoggerProvider>("System.Net.Http", LogLevel.Trace));
    }

    public static Dictionary<string, string?> SettingsFor(Uri baseUrl, string? user, string? password) => new()
    {
        ["Orthanc:BaseUrl"] = baseUrl.AbsoluteUri,
        ["Orthanc:Username"] = user,
        ["Orthanc:Password"] = password,
        ["Orthanc:Timeout"] = "00:00:10",
        ["Orthanc:RetryDelay"] = "00:00:00.010",
    };
}

/// <summary>
/// Two real Orthancs that know each other as DICOM nodes: <see cref="Pacs"/> (the archive's Orthanc, with
/// authentication; it knows <see cref="Remote"/> as <see cref="RemoteModality"/> and a node that never answers as
/// <see cref="OfflineModality"/>) and <see cref="Remote"/> (a remote PACS that knows the first as a C-MOVE
/// destination), plus the API host pointed at <see cref="Pacs"/>. One per test class.
/// </summary>
public sealed class OrthancEnvironment : IAsyncLifetime
{
    public const string User = "clinimg";
    public const string Password = "Orthanc-test-secret-7f3a";
    public const string RemoteModality = "remote";
    public const string OfflineModality = "offline";

    public OrthancServer Pacs { get; private set; } = null!;

    public OrthancServer Remote { get; private set; } = null!;

    public OrthancApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var pacsDicomPort = LoopbackPort.Free();
        Remote = await OrthancServer.StartAsync("REMOTE_PACS", modalities: [new DicomNode("archive", "ARCHIVE_PACS", pacsDicomPort)]);
        Pacs = await OrthancServer.StartAsync(
            "ARCHIVE_PACS", (User, Password), [Remote.AsNode(RemoteModality), new DicomNode(OfflineModality, "NOBODY", LoopbackPort.Free())],
            pacsDicomPort);
        Api = new OrthancApiFactory(OrthancApiFactory.SettingsFor(Pacs.BaseUrl, User, Password));
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        // Null when start-up failed part way.
        if (Api is not null)
        {
            await ((IAsyncLifetime)Api).DisposeAsync();
        }

        if (Pacs is not null)
        {
            await Pacs.DisposeAsync();
        }

        if (Remote is not null)
        {
            await Remote.DisposeAsync();
        }
    }
}
