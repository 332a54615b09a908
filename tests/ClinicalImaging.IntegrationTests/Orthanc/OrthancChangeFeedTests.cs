using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Pacs;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static ClinicalImaging.IntegrationTests.Orthanc.OrthancArchive;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>A real Orthanc and the API host with the change-feed import on, polling every 100 ms.</summary>
public sealed class OrthancChangeFeedEnvironment : IAsyncLifetime
{
    public OrthancServer Pacs { get; private set; } = null!;

    public OrthancApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Pacs = await OrthancServer.StartAsync("ARCHIVE_PACS", (OrthancEnvironment.User, OrthancEnvironment.Password));
        var settings = OrthancApiFactory.SettingsFor(Pacs.BaseUrl, OrthancEnvironment.User, OrthancEnvironment.Password);
        settings["Orthanc:ChangeFeed:Enabled"] = "true";
        settings["Orthanc:ChangeFeed:PollInterval"] = "00:00:00.100";
        settings["Orthanc:ChangeFeed:BatchSize"] = "5";
        Api = new OrthancApiFactory(settings);
        await Api.InitializeAsync();
        // Hosted services start with the host.
        _ = Api.Services;
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await ((IAsyncLifetime)Api).DisposeAsync();
        }

        if (Pacs is not null)
        {
            await Pacs.DisposeAsync();
        }
    }

    /// <summary>The durable cursor, as the store holds it.</summary>
    public async Task<long> CursorAsync()
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var pacs = scope.ServiceProvider.GetRequiredService<IPacsClient>();
        return await scope.ServiceProvider.GetRequiredService<IPacsChangeCursorStore>().GetAsync(pacs.Source, CancellationToken.None);
    }

    public async Task SetCursorAsync(long sequence)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var pacs = scope.ServiceProvider.GetRequiredService<IPacsClient>();
        await scope.ServiceProvider.GetRequiredService<IPacsChangeCursorStore>().SaveAsync(pacs.Source, sequence, CancellationToken.None);
    }
}

/// <summary>
/// Continuous import: what is sent to Orthanc shows up in the archive, byte for byte, without anyone asking; through an
/// Orthanc restart and a replaced Orthanc database. (One test: the steps share one Orthanc and must run in order.)
/// </summary>
public sealed class OrthancChangeFeedTests(OrthancChangeFeedEnvironment env) : IClassFixture<OrthancChangeFeedEnvironment>
{
    [Fact]
    public async Task Studies_sent_to_Orthanc_reach_the_archive_through_an_Orthanc_restart_and_a_rewound_log()
    {
        // 1. A study sent to Orthanc is imported once it is stable (Orthanc's StableAge is 1 s here).
        var (first, firstFiles) = TestPatient.Fresh(new DateOnly(2014, 1, 1)).NewStudy(2);
        var firstId = await UploadAsync(env.Pacs, firstFiles);
        await EventuallyAsync("the first study in the archive", async () => await ArchiveFileHashesAsync(env.Api, first) is { Count: 2 });
        Assert.Equal(await OrthancFileHashesAsync(env.Pacs, firstId), await ArchiveFileHashesAsync(env.Api, first));

        // 2. Orthanc crashes: the feed keeps running and says so; the cursor stays.
        await env.Pacs.KillAsync();
        await EventuallyAsync("the feed to report Orthanc unreachable", () =>
            Task.FromResult(env.Api.Logs.Entries.Any(e => e.Contains("change-feed import paused (Unreachable)", StringComparison.Ordinal))));
        var cursorWhileDown = await env.CursorAsync();
        Assert.True(cursorWhileDown > 0);

        // 3. Orthanc is back (same storage): new studies flow again, from where the cursor stopped.
        await env.Pacs.StartAgainAsync();
        var (second, secondFiles) = TestPatient.Fresh(new DateOnly(2014, 2, 2)).NewStudy(1, magneticResonance: true);
        await UploadAsync(env.Pacs, secondFiles);
        await EventuallyAsync("the second study in the archive", async () => await ArchiveFileHashesAsync(env.Api, second) is { Count: 1 });
        Assert.Equal(secondFiles.Select(Sha256), await ArchiveFileHashesAsync(env.Api, second));
        await EventuallyAsync("the cursor at the end of Orthanc's log", async () => await env.CursorAsync() == await LastChangeAsync());

        // 4. A cursor past the end of the log (Orthanc got a new database) is noticed and the log read again from its start:
        //    both studies are seen again and found already stored.
        await env.SetCursorAsync(await LastChangeAsync() + 1_000_000);
        await EventuallyAsync("the feed to notice the rewound log", () =>
            Task.FromResult(env.Api.Logs.Entries.Any(e => e.Contains("has a new database", StringComparison.Ordinal))));
        await EventuallyAsync("the cursor back at the end of Orthanc's log", async () => await env.CursorAsync() == await LastChangeAsync());
        Assert.Equal(2, env.Api.Logs.Entries.Count(e => e.Contains($"Imported PACS study {firstId}", StringComparison.Ordinal)));
        Assert.Contains(env.Api.Logs.Entries, e => e.Contains($"Imported PACS study {firstId}: 0 stored, 2 already stored", StringComparison.Ordinal));
    }

    private async Task<long> LastChangeAsync() =>
        (await env.Pacs.Rest.GetFromJsonAsync<JsonElement>("changes?last")).GetProperty("Last").GetInt64();
}
