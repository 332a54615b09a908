using System.Diagnostics;
using System.Net;
using System.Text;
using ClinicalImaging.Cli.Import;
using Xunit;

namespace ClinicalImaging.Cli.Tests;

/// <summary>
/// clinimg import's parts without a server: DICOM sniffing against pydicom, the resume journal, and the uploader's
/// retries against a scripted HTTP handler. The runs against the real API are in the integration tests (Studies).
/// </summary>
public sealed class ImportTests : IDisposable
{
    private const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private static readonly Uri Server = new("http://archive.test/");
    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Sniffing_agrees_with_pydicom_on_every_test_file()
    {
        // pydicom's view: a DICM preamble, or a data set it reads (forced) that names a SOP instance.
        const string Script = """
            import os, sys, pydicom
            for name in sorted(os.listdir(sys.argv[1])):
                path = os.path.join(sys.argv[1], name)
                if not os.path.isfile(path):
                    continue
                with open(path, 'rb') as f:
                    head = f.read(132)
                dicom = len(head) == 132 and head[128:] == b'DICM'
                if not dicom:
                    try:
                        dicom = 'SOPInstanceUID' in pydicom.dcmread(path, force=True, stop_before_pixels=True)
                    except Exception:
                        dicom = False
                print(name, dicom)
            """;
        var expected = Python(Script, TestFiles).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')).ToDictionary(p => p[0], p => p[1] == "True", StringComparer.Ordinal);

        var disagreements = expected
            .Where(e => (DicomSniffer.WhyNotDicom(Path.Combine(TestFiles, e.Key)) is null) != e.Value)
            .Select(e => $"{e.Key}: pydicom {e.Value}").ToList();

        Assert.True(expected.Count > 50, $"only {expected.Count} files");
        Assert.Contains(expected, e => e.Value && !HasPreamble(e.Key));
        Assert.Empty(disagreements);
    }

    [Fact]
    public void Text_empty_and_random_files_are_not_dicom_and_say_why()
    {
        var text = Write("notes.txt", Encoding.UTF8.GetBytes("Patient scanned twice, see report.\n"));
        var empty = Write("empty.dcm", []);
        var random = Write("noise.bin", RandomBytes(4096));

        Assert.Equal("no DICM preamble, and not a readable DICOM data set", DicomSniffer.WhyNotDicom(text));
        Assert.Equal("empty file", DicomSniffer.WhyNotDicom(empty));
        Assert.NotNull(DicomSniffer.WhyNotDicom(random));
    }

    [Fact]
    public async Task The_journal_remembers_files_per_server_and_forgets_changed_ones()
    {
        var path = Path.Combine(_folder, "journal");
        var a = new ImportFile("/x/a.dcm", "a.dcm", 10, 100);
        var b = new ImportFile("/x/b.dcm", "sub/b.dcm", 20, 200);
        await using (var journal = await ImportJournal.OpenAsync(path, Server, CancellationToken.None))
        {
            await journal.RecordAsync([(a, "Stored"), (b, "Duplicate")], CancellationToken.None);
        }

        await File.AppendAllTextAsync(path, "{\"server\":\"http://archive.test\",\"pa"); // torn by a crash
        await using var reopened = await ImportJournal.OpenAsync(path, Server, CancellationToken.None);

        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.IsDone(a));
        Assert.True(reopened.IsDone(b));
        Assert.False(reopened.IsDone(a with { ModifiedTicks = 101 }));
        Assert.False(reopened.IsDone(b with { Size = 21 }));
        File.Copy(path, path + "-copy");
        await using var otherServer = await ImportJournal.OpenAsync(path + "-copy", new Uri("http://elsewhere.test/"), CancellationToken.None);
        Assert.Equal(0, otherServer.Count);
    }

    [Fact]
    public async Task Server_errors_and_dropped_connections_are_retried_and_the_answer_is_read_per_file()
    {
        var files = Dicoms(2);
        var handler = new ScriptedHandler(
            _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            _ => throw new HttpRequestException("connection reset"),
            _ => Reply(HttpStatusCode.Accepted, """{"files":[{"outcome":"Stored"},{"outcome":"Failed","failureReason":"A900","message":"PatientID (0010,0020) is missing"}]}"""));

        var results = await Uploader(handler, attempts: 3).UploadAsync(files, CancellationToken.None);

        Assert.Equal(3, handler.Requests);
        Assert.Equal([ImportOutcome.Stored, ImportOutcome.Failed], results.Select(r => r.Outcome));
        Assert.Equal("A900 PatientID (0010,0020) is missing", results[1].Reason);
        Assert.Equal(files, results.Select(r => r.File));
    }

    [Fact]
    public async Task A_server_failing_through_every_attempt_stops_the_batch_with_the_reason()
    {
        var handler = new ScriptedHandler(_ => Reply(HttpStatusCode.BadGateway, """{"title":"Bad gateway","detail":"upstream down"}"""));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Uploader(handler, attempts: 2).UploadAsync(Dicoms(1), CancellationToken.None));

        Assert.Equal(2, handler.Requests);
        Assert.Contains("upstream down", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_credentials_are_not_retried()
    {
        var handler = new ScriptedHandler(_ => Reply(HttpStatusCode.Forbidden, """{"title":"Forbidden","detail":"needs imaging.write"}"""));

        var error = await Assert.ThrowsAsync<ImportRefusedException>(() => Uploader(handler, attempts: 5).UploadAsync(Dicoms(1), CancellationToken.None));

        Assert.Equal(1, handler.Requests);
        Assert.Contains("needs imaging.write", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_too_large_for_the_server_is_split_until_each_part_fits()
    {
        var files = Dicoms(3);
        var handler = new ScriptedHandler(request =>
        {
            var parts = ((MultipartFormDataContent)request.Content!).Count();
            return parts > 1
                ? new HttpResponseMessage(HttpStatusCode.RequestEntityTooLarge)
                : Reply(HttpStatusCode.OK, """{"files":[{"outcome":"AlreadyStored"}]}""");
        });

        var results = await Uploader(handler, attempts: 1).UploadAsync(files, CancellationToken.None);

        Assert.Equal(files, results.Select(r => r.File));
        Assert.All(results, r => Assert.Equal(ImportOutcome.Duplicate, r.Outcome));
    }

    [Fact]
    public async Task An_unreachable_server_stops_the_import_with_exit_code_1_and_a_summary()
    {
        File.Copy(Path.Combine(TestFiles, "CT_small.dcm"), Path.Combine(_folder, "ct.dcm"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CliApplication.RunAsync(
            ["import", _folder, "--server", "http://127.0.0.1:9/", "--token", "t", "--retries", "0"], output, error);

        Assert.True(code == 1, error.ToString());
        Assert.Contains("stopped early, 1 file(s) not sent: ", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--parallel", "0", "--parallel must be between 1 and 32, not 0")]
    [InlineData("--batch-size", "5000", "--batch-size must be between 1 and 1000, not 5000")]
    [InlineData("--server", "archive.test", "--server must be an absolute http or https URL")]
    public async Task Bad_options_are_refused_before_anything_is_sent(string option, string value, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] server = option == "--server" ? [] : ["--server", "http://archive.test"];

        var code = await CliApplication.RunAsync(["import", _folder, .. server, "--token", "t", option, value], output, error);

        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    private List<ImportFile> Dicoms(int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(_folder, $"{i}.dcm");
            File.Copy(Path.Combine(TestFiles, "CT_small.dcm"), path, overwrite: true);
            return ImportFile.From(_folder, new FileInfo(path));
        }).ToList();

    private static ArchiveUploader Uploader(HttpMessageHandler handler, int attempts) =>
        new(new HttpClient(handler) { BaseAddress = Server }, attempts, TimeSpan.FromMilliseconds(1));

    private static HttpResponseMessage Reply(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private static bool HasPreamble(string name)
    {
        var head = new byte[132];
        using var file = File.OpenRead(Path.Combine(TestFiles, name));
        return file.ReadAtLeast(head, 132, throwOnEndOfStream: false) == 132 && head.AsSpan(128).SequenceEqual("DICM"u8);
    }

    private static string Python(string script, params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return output;
    }

    /// <summary>Answers each request with the next step of the script (the last one repeats).</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Read the body as a server would, so that the files are really opened and streamed.
            await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var step = steps[Math.Min(Requests, steps.Length - 1)];
            Requests++;
            return step(request);
        }
    }
}
