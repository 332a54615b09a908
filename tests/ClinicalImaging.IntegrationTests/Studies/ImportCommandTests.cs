using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Cli;
using ClinicalImaging.Cli.Import;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.IntegrationTests.Telemetry;
using ClinicalImaging.Testing;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>clinimg import, in-process, against the real API listening on a loopback port.</summary>
public sealed class ImportCommandTests(LoopbackApiFactory api) : IClassFixture<LoopbackApiFactory>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-import-it-").FullName;
    private readonly string _technologistToken = TestKeys.Token("importer", Roles.Technologist);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Imports_a_folder_recursively_and_reports_stored_duplicate_failed_and_skipped_files()
    {
        var study = IngestFiles.NewUid();
        var first = IngestFiles.NewCtInstance(study);
        Write("a/1.dcm", first);
        Write("a/b/2.dcm", IngestFiles.NewCtInstance(study));
        Write("3.dcm", IngestFiles.NewCtInstance(study));
        Write("copy-of-1.dcm", first);
        // A data set without preamble is DICOM to the sniffer; the archive refuses this one (it has no Patient ID).
        Write("raw-no-preamble.dcm", await File.ReadAllBytesAsync(Path.Combine(Pydicom.TestFiles, "ExplVR_LitEndNoMeta.dcm")));
        Write("notes.txt", "scanned on the old console"u8.ToArray());

        var (code, output) = await ImportAsync(_technologistToken);
        var (again, secondOutput) = await ImportAsync(_technologistToken);

        Assert.True(code == 1, output);
        Assert.Contains("note: skipped notes.txt: no DICM preamble, and not a readable DICOM data set", output, StringComparison.Ordinal);
        Assert.Contains("stored: 3, duplicate (already in the archive): 1, failed: 1, skipped (not DICOM): 1, sent by an earlier run: 0", output, StringComparison.Ordinal);
        Assert.Contains("failed raw-no-preamble.dcm: A900 ", output, StringComparison.Ordinal);
        using var archive = Archive();
        Assert.Equal(3, (await archive.GetFromJsonAsync<JsonElement>($"/api/v1/studies/{study}/images")).GetProperty("total").GetInt64());
        // The failed file is tried again; everything else is known from the journal.
        Assert.True(again == 1, secondOutput);
        Assert.Contains("stored: 0, duplicate (already in the archive): 0, failed: 1, skipped (not DICOM): 1, sent by an earlier run: 4", secondOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_import_resumes_and_every_file_reaches_the_archive_exactly_once()
    {
        var study = IngestFiles.NewUid();
        var sops = Enumerable.Range(0, 12).Select(_ => IngestFiles.NewUid()).ToList();
        foreach (var (sop, i) in sops.Select((s, i) => (s, i)))
        {
            Write($"series/{i:D2}.dcm", IngestFiles.NewCtInstance(study, sopInstanceUid: sop));
        }

        // First run: interrupted as soon as the first batch is answered (as Ctrl+C would, mid-way).
        using var interrupt = new CancellationTokenSource();
        using var http = Archive();
        var importer = new FolderImporter(new ArchiveUploader(http, 1, TimeSpan.Zero), new CancelAfterFirstBatch(interrupt));
        var settings = new ImportSettings { Folder = new DirectoryInfo(_folder), BatchSize = 3, Parallelism = 1 };
        var interrupted = await importer.RunAsync(settings, api.Address, interrupt.Token);

        Assert.True(interrupted.Interrupted);
        Assert.Equal((3, 9), (interrupted.Stored, interrupted.NotSent));

        // Second run: the command line, as a user would resume.
        var (code, output) = await ImportAsync(_technologistToken, "--batch-size", "3", "--parallel", "2");

        Assert.True(code == 0, output);
        Assert.Contains("stored: 9, duplicate (already in the archive): 0, failed: 0, skipped (not DICOM): 0, sent by an earlier run: 3", output, StringComparison.Ordinal);
        // Every registration of an instance is audited, "already stored" ones included (one event per registered group
        // names the study, then each SOP instance): once each means sent once each.
        var registrations = await Database.QueryAsync(api.ConnectionString,
            "SELECT sop, count(*) FROM audit_events, unnest(resource_ids[2:]) AS sop WHERE action = 'instance.register' AND resource_ids[1] = $1 GROUP BY 1", study);
        Assert.Equal(sops.Order(StringComparer.Ordinal), registrations.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.All(registrations, r => Assert.Equal(1L, (long)r[1]!));
    }

    [Fact]
    public async Task A_caller_without_imaging_write_is_refused_at_once_and_nothing_is_journaled()
    {
        Write("1.dcm", IngestFiles.NewCtInstance());
        Write("2.dcm", IngestFiles.NewCtInstance());

        var (code, output) = await ImportAsync(TestKeys.Token("reader", Roles.Radiologist), "--batch-size", "1", "--parallel", "1");

        Assert.True(code == 1, output);
        Assert.Contains("stopped early, 2 file(s) not sent: the server refused the upload (403 Forbidden)", output, StringComparison.Ordinal);
        Assert.Empty(await File.ReadAllTextAsync(Path.Combine(_folder, ImportJournal.DefaultFileName)));
    }

    private async Task<(int Code, string Output)> ImportAsync(string token, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(["import", _folder, "--server", api.Address.ToString(), "--token", token, .. options], output, error);
        return (code, output + error.ToString());
    }

    /// <summary>A technologist's client to the archive (Radiologist reads through it too: technologists hold patient-data.read).</summary>
    private HttpClient Archive()
    {
        var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Token("importer", Roles.Technologist));
        return client;
    }

    private void Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private sealed class CancelAfterFirstBatch(CancellationTokenSource interrupt) : IImportObserver
    {
        public void Skipped(ImportFile file, string reason)
        {
        }

        public void Planned(int files, long bytes, int alreadyImported)
        {
        }

        public void BatchDone(IReadOnlyList<ImportResult> results) => interrupt.Cancel();
    }
}
