using System.Diagnostics;
using System.Globalization;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Cli.Import;
using ClinicalImaging.Infrastructure.Storage;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace ClinicalImaging.IntegrationTests.EndToEnd;

/// <summary>
/// The API server process killed (SIGKILL) at random points of a bulk upload, restarted, and the upload repeated until it
/// completes: the archive ends consistent, with every instance exactly once and every row's object intact. The plan of
/// the kills comes from a seeded <see cref="Random"/>; the seed is printed, and <c>CLINIMG_CRASH_SEED</c> replays a plan.
/// </summary>
public sealed class BulkUploadCrashTests(ApiFactory api, ITestOutputHelper log) : IClassFixture<ApiFactory>, IDisposable
{
    private const int Patients = 6;
    private const int StudiesPerPatient = 2;
    private const int SeriesPerStudy = 2;
    private const int InstancesPerSeries = 12;
    private const int Files = Patients * StudiesPerPatient * SeriesPerStudy * InstancesPerSeries;
    private const int Kills = 3;

    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-bulk-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_upload_repeated_through_server_crashes_stores_every_instance_exactly_once_with_its_object()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CLINIMG_CRASH_SEED"), CultureInfo.InvariantCulture, out var replay) ? replay : Random.Shared.Next();
        log.WriteLine($"seed {seed} (set CLINIMG_CRASH_SEED={seed} to replay this plan)");
        var random = new Random(seed);
        var uploaded = WriteFiles();

        _ = api.Services; // the in-process host migrates the database at start, before the server process uses it
        await using var server = await ApiProcess.StartAsync("api", api.ConnectionString, api.StorageRoot);
        using var http = server.CreateClientFor("bulk-importer", Roles.Technologist);
        // No retries: a run that meets the dead server stops, and the next run resumes from the journal, sending the
        // batches that were never answered again.
        var uploader = new ArchiveUploader(http, maxAttempts: 1, TimeSpan.Zero);
        var settings = new ImportSettings { Folder = new DirectoryInfo(_folder), BatchSize = 4, Parallelism = 4 };
        for (var run = 1; run <= Kills; run++)
        {
            // Four batches in flight: when one is answered, the others are somewhere in the server (staging, parsing,
            // committing the object, registering) as it dies.
            var crash = new KillAfterAnswers(server, random.Next(4, Files / (Kills + 1)));
            var interrupted = await new FolderImporter(uploader, crash).RunAsync(settings, server.Address, default);
            log.WriteLine($"run {run}: server killed after {crash.Answered} answers; {Describe(interrupted)}");
            Assert.True(interrupted.NotSent > 0, $"Run {run} ended before its kill: {Describe(interrupted)}");
            var restart = Stopwatch.StartNew();
            await server.RestartAsync();
            log.WriteLine($"restarted and ready in {restart.Elapsed.TotalSeconds:F1} s");
        }

        var final = await new FolderImporter(uploader, new KillAfterAnswers(server, int.MaxValue)).RunAsync(settings, server.Address, default);
        log.WriteLine($"run {Kills + 1}: {Describe(final)}");
        Assert.True(final is { NotSent: 0, StoppedBecause: null, Failed.Count: 0 }, Describe(final));
        Assert.Equal(Files, final.AlreadyImported + final.Results.Count);

        // Every SOP Instance UID exactly once, each row's object holding exactly the uploaded bytes.
        var instances = await Database.QueryAsync(api.ConnectionString, "SELECT sop_instance_uid, blob_key FROM instances");
        Assert.Equal(uploaded.Keys.Order(StringComparer.Ordinal), instances.Select(i => (string)i[0]!).Order(StringComparer.Ordinal));
        var blobs = api.Services.GetRequiredService<IBlobStore>();
        foreach (var row in instances)
        {
            await using var stored = blobs.OpenRead((string)row[1]!);
            using var copy = new MemoryStream();
            await stored.CopyToAsync(copy);
            Assert.True(uploaded[(string)row[0]!].AsSpan().SequenceEqual(copy.ToArray()), $"The object of {row[0]} differs from the uploaded file");
        }

        // The hierarchy: no patient, study or series twice, none missing, each series with all of its instances.
        var counts = (await Database.QueryAsync(api.ConnectionString,
            "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM studies), (SELECT count(*) FROM series)"))[0].Cast<long>();
        Assert.Equal([Patients, Patients * StudiesPerPatient, Patients * StudiesPerPatient * SeriesPerStudy], counts);
        var perSeries = await Database.QueryAsync(api.ConnectionString,
            "SELECT count(i.id) FROM series s LEFT JOIN instances i ON i.series_key = s.id GROUP BY s.id");
        Assert.All(perSeries, s => Assert.Equal((long)InstancesPerSeries, s[0]));

        // What the crashes left (staging files of cut uploads, objects committed before their rows) goes at the sweep.
        server.Kill(); // nothing in flight while the sweep runs
        var staging = Path.Combine(api.StorageRoot, "staging");
        var abandoned = Directory.GetFiles(staging).Length;
        var referenced = instances.Select(i => (string)i[1]!).ToHashSet(StringComparer.Ordinal);
        var strays = (await ObjectKeysAsync(blobs)).Count(k => !referenced.Contains(k));
        log.WriteLine($"before the sweep: {abandoned} staging file(s), {strays} unreferenced object(s)");
        var swept = await api.Services.GetRequiredService<StrayObjectSweeper>().SweepAsync(TimeSpan.Zero, default);
        Assert.Equal(abandoned + strays, swept);
        Assert.Empty(Directory.GetFiles(staging));
        Assert.Equal(referenced.Order(StringComparer.Ordinal), (await ObjectKeysAsync(blobs)).Order(StringComparer.Ordinal));
    }

    /// <summary>Patients × studies × series × instances as copies of CT_small under fresh UIDs; the bytes by SOP Instance UID.</summary>
    private Dictionary<string, byte[]> WriteFiles()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var p = 0; p < Patients; p++)
        {
            for (var s = 0; s < StudiesPerPatient; s++)
            {
                var study = IngestFiles.NewUid();
                for (var r = 0; r < SeriesPerStudy; r++)
                {
                    var series = IngestFiles.NewUid();
                    for (var i = 0; i < InstancesPerSeries; i++)
                    {
                        var sop = IngestFiles.NewUid();
                        files[sop] = IngestFiles.NewCtInstance(study, series, sop, $"BULK-{p}");
                        var path = Path.Combine(_folder, $"patient-{p}", $"study-{s}", $"series-{r}", $"{i:D2}.dcm");
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        File.WriteAllBytes(path, files[sop]);
                    }
                }
            }
        }

        return files;
    }

    private static string Describe(ImportSummary summary) =>
        $"{summary.Stored} stored, {summary.Duplicates} already stored, {summary.Failed.Count} failed, {summary.AlreadyImported} sent by earlier runs, " +
        $"{summary.NotSent} not sent{(summary.StoppedBecause is { } reason ? $" (stopped: {reason})" : string.Empty)}";

    private static async Task<List<string>> ObjectKeysAsync(IBlobStore blobs)
    {
        var keys = new List<string>();
        await foreach (var key in blobs.ListKeysAsync(DateTimeOffset.UtcNow.AddMinutes(1), default))
        {
            keys.Add(key);
        }

        return keys;
    }

    /// <summary>SIGKILLs the server once this many files of the run were answered (stored or already stored).</summary>
    private sealed class KillAfterAnswers(ApiProcess server, int answers) : IImportObserver
    {
        private int _answered;
        private int _killed;

        public int Answered => Volatile.Read(ref _answered);

        public void Skipped(ImportFile file, string reason)
        {
        }

        public void Planned(int files, long bytes, int alreadyImported)
        {
        }

        public void BatchDone(IReadOnlyList<ImportResult> results)
        {
            if (Interlocked.Add(ref _answered, results.Count) >= answers && Interlocked.Exchange(ref _killed, 1) == 0)
            {
                server.Kill();
            }
        }
    }
}
