#:project ../../src/ClinicalImaging.Infrastructure/ClinicalImaging.Infrastructure.csproj
#:property TargetFramework=net10.0
#:property Optimize=true
#:property PublishAot=false

// Ingest benchmarks (docs/benchmarks.md) to one of these targets, one request per file:
//   rest     our POST /api/v1/images/upload (multipart/form-data)
//   stow     our STOW-RS POST /dicomweb/studies (multipart/related; type="application/dicom")
//   orthanc  Orthanc's REST POST /instances (the body is the file)
// or one request per study (the corpus names files sSTUDY-SLICE.dcm), as each server's bulk path takes them:
//   stow-study     our STOW-RS with every file of the study as a part
//   orthanc-zip    Orthanc's POST /instances with a ZIP of the study's files (stored, not deflated; built before timing)
// Every instance must be answered "stored" (now, not found already there), or the run fails.
// Run through scripts/bench/ingest.sh, which makes the corpora and starts fresh servers:
//   ... IngestBenchmark.cs -- TARGET BASE_URL WARMUP_DIR CORPUS_DIR CLIENTS SERVER_PIDS [DATABASE]
//       Throughput: WARMUP_DIR's files first, untimed (a fresh .NET process spends its first thousands of requests
//       compiling and recompiling), then CORPUS_DIR's from CLIENTS concurrent clients, timed, with the CPU time the
//       processes SERVER_PIDS (comma-separated: the server and, for ours, PostgreSQL's postmaster) and their children
//       used meanwhile. Prints a Markdown row; for our server, how many methods it JIT-compiled while timed to stderr.
//       DATABASE (our server's connection string) is ANALYZEd after the warm-up: a running archive has statistics
//       (autovacuum analyzes a table within a minute of its inserts), a 20-second-old one does not, and PostgreSQL
//       would keep the plans it cached for the empty tables of the warm-up's first requests (decision 0817).
//   ... IngestBenchmark.cs -- memory TARGET BASE_URL FILE SERVER_PID
//       Peak memory: sends one (large) file and reads the server's resident set (VmRSS) before and its high-water mark
//       (VmHWM) after, from /proc. Prints a Markdown row.
// Not part of the test suite: tests never assert on wall time.
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ClinicalImaging.Infrastructure.Security;
using Npgsql;

if (args[0] == "memory")
{
    await MeasureMemoryAsync(args[1], new Uri(args[2]), args[3], int.Parse(args[4], CultureInfo.InvariantCulture));
}
else
{
    await MeasureThroughputAsync(args[0], new Uri(args[1]), args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture),
        args[5].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(), args.ElementAtOrDefault(6));
}

static async Task MeasureThroughputAsync(string target, Uri baseUrl, string warmUp, string corpus, int clients, int[] serverPids, string? database)
{
    var files = Directory.GetFiles(corpus, "*.dcm").Order(StringComparer.Ordinal).ToArray();
    var bytes = files.Sum(f => new FileInfo(f).Length);
    using var http = Client(target, baseUrl, clients);

    async Task SendAllAsync(IEnumerable<string> paths)
    {
        var queue = new ConcurrentQueue<Request>(Requests(target, paths));
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var request))
            {
                await SendAsync(http, target, request);
            }
        })));
    }

    await SendAllAsync(Directory.GetFiles(warmUp, "*.dcm").Order(StringComparer.Ordinal));
    if (database is not null)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    var measured = serverPids.SelectMany(Tree).ToArray();
    var load = LoadAverage();
    var compiled = await CompiledMethodsAsync(http, target);
    var cpu = CpuSeconds(measured);
    var clock = Stopwatch.StartNew();
    await SendAllAsync(files);
    clock.Stop();
    cpu = CpuSeconds(measured) - cpu;
    if (compiled is { } before && await CompiledMethodsAsync(http, target) is { } after)
    {
        // Steady state means the server compiled (almost) nothing while it was timed; the warm-up is long enough when so.
        Console.Error.WriteLine($"{target}: {after - before} methods JIT-compiled while timed");
    }

    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {target} | {clients} | {files.Length} | {bytes / 1e6:F0} MB | {seconds:F1} s | {files.Length / seconds:F1} | {bytes / 1e6 / seconds:F1} MB/s | {cpu * 1000 / files.Length:F1} ms | {load} → {LoadAverage()} |"));
}

/// <summary>
/// How many times our server's JIT has compiled a method (its /metrics, from .NET's runtime meter); null for Orthanc.
/// </summary>
static async Task<long?> CompiledMethodsAsync(HttpClient http, string target)
{
    if (target.StartsWith("orthanc", StringComparison.Ordinal))
    {
        return null;
    }

    var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
    var line = metrics.Split('\n').First(l => l.StartsWith("dotnet_jit_compiled_methods_total ", StringComparison.Ordinal));
    return long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
}

/// <summary>The requests a target gets for these files: one per file, or one per study ("s03-" prefix) for the bulk targets.</summary>
static List<Request> Requests(string target, IEnumerable<string> paths)
{
    var sorted = paths.ToList();
    if (target is not ("stow-study" or "orthanc-zip"))
    {
        return sorted.Select(path => new Request([path], null)).ToList();
    }

    return sorted.GroupBy(path => Path.GetFileName(path).Split('-')[0], StringComparer.Ordinal)
        .Select(study => new Request(study.ToList(), target == "orthanc-zip" ? Zip(study) : null))
        .ToList();
}

static byte[] Zip(IEnumerable<string> paths)
{
    using var buffer = new MemoryStream();
    using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
    {
        foreach (var path in paths)
        {
            zip.CreateEntryFromFile(path, Path.GetFileName(path), CompressionLevel.NoCompression);
        }
    }

    return buffer.ToArray();
}

static async Task MeasureMemoryAsync(string target, Uri baseUrl, string file, int serverPid)
{
    long Kilobytes(string field) => long.Parse(
        File.ReadLines($"/proc/{serverPid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    using var http = Client(target, baseUrl, 1);
    var (rssBefore, peakBefore) = (Kilobytes("VmRSS"), Kilobytes("VmHWM"));
    var clock = Stopwatch.StartNew();
    await SendAsync(http, target, new Request([file], null));
    clock.Stop();
    var (rssAfter, peakAfter) = (Kilobytes("VmRSS"), Kilobytes("VmHWM"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {target} | {new FileInfo(file).Length / 1e6:F0} MB | {clock.Elapsed.TotalSeconds:F1} s | {rssBefore / 1024.0:F0} MB | {peakBefore / 1024.0:F0} MB | {peakAfter / 1024.0:F0} MB | {rssAfter / 1024.0:F0} MB | **{(peakAfter - rssBefore) / 1024.0:F0} MB** |"));
}

static HttpClient Client(string target, Uri baseUrl, int clients)
{
    var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(30) };
    if (target.StartsWith("orthanc", StringComparison.Ordinal))
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("bench:bench"u8));
        return http;
    }

    // The service's development token key signs a technologist's token (imaging.write).
    var settings = JsonDocument.Parse(File.ReadAllText("src/ClinicalImaging.Api/appsettings.Development.json")).RootElement;
    var jwt = settings.GetProperty("Authentication").GetProperty("Jwt").Deserialize<JwtOptions>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    var token = JwtKeys.IssueToken(jwt, jwt.SigningKeys[0].KeyId, "ingest-benchmark", "ingest-benchmark", ["technologist"], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return http;
}

/// <summary>Sends one request, files streamed from disk; throws unless the target says it stored every instance now.</summary>
static async Task SendAsync(HttpClient http, string target, Request request)
{
    HttpContent File(string path)
    {
        var content = new StreamContent(System.IO.File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        return content;
    }

    using var message = target switch
    {
        "orthanc" => new HttpRequestMessage(HttpMethod.Post, "instances") { Content = File(request.Paths[0]) },
        "orthanc-zip" => new HttpRequestMessage(HttpMethod.Post, "instances") { Content = new ByteArrayContent(request.Zip!) { Headers = { ContentType = new("application/zip") } } },
        "stow" or "stow-study" => new HttpRequestMessage(HttpMethod.Post, "dicomweb/studies") { Content = Related(request.Paths.Select(File)) },
        "rest" => new HttpRequestMessage(HttpMethod.Post, "api/v1/images/upload") { Content = new MultipartFormDataContent { { File(request.Paths[0]), "files", Path.GetFileName(request.Paths[0]) } } },
        _ => throw new ArgumentException($"unknown target {target}: rest, stow, stow-study, orthanc or orthanc-zip"),
    };
    using var response = await http.SendAsync(message);
    var body = await response.Content.ReadAsStringAsync();
    var stored = target switch
    {
        "orthanc" => response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.GetProperty("Status").GetString() == "Success",
        "orthanc-zip" => response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.EnumerateArray()
            .Count(answer => answer.GetProperty("Status").GetString() == "Success") == request.Paths.Count,
        "stow" or "stow-study" => (int)response.StatusCode == 200,
        _ => (int)response.StatusCode == 200 && JsonDocument.Parse(body).RootElement.GetProperty("stored").GetInt32() == 1,
    };
    if (!stored)
    {
        throw new InvalidOperationException($"{target} did not store {Path.GetFileName(request.Paths[0])}: {(int)response.StatusCode} {body}");
    }
}

static MultipartContent Related(IEnumerable<HttpContent> parts)
{
    var related = new MultipartContent("related");
    foreach (var part in parts)
    {
        related.Add(part);
    }

    related.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
    return related;
}

// A process and its children (PostgreSQL's backends), as they are now.
static int[] Tree(int pid) =>
    [pid, .. File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(c => Tree(int.Parse(c, CultureInfo.InvariantCulture)))];

// utime + stime (all threads), in seconds; a process that ended meanwhile counts as nothing.
static double CpuSeconds(IEnumerable<int> pids) => pids.Sum(pid =>
{
    try
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
    }
    catch (IOException)
    {
        return 0;
    }
});

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

/// <param name="Paths">The files the request carries (one, or a study's).</param>
/// <param name="Zip">The ZIP archive of <paramref name="Paths"/> for Orthanc's bulk upload; null otherwise.</param>
internal sealed record Request(List<string> Paths, byte[]? Zip);
