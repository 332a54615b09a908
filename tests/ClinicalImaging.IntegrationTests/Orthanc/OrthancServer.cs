using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Testing;

namespace ClinicalImaging.IntegrationTests.Orthanc;

/// <summary>A remote DICOM node an Orthanc knows by a symbolic name.</summary>
public sealed record DicomNode(string Name, string Aet, int Port);

/// <summary>
/// A real Orthanc (Debian package <c>orthanc</c>, never its system service) from a generated configuration in a
/// temporary directory, on free loopback ports, with its own storage and index; shut down and deleted on dispose.
/// <see cref="Rest"/> talks to it directly (with its credentials), as a test's independent view of what Orthanc holds.
/// </summary>
public sealed class OrthancServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/Orthanc";

    private readonly string _directory;
    private readonly string _configPath;
    private Process _process;

    private OrthancServer(string directory, string configPath, string aet, int httpPort, int dicomPort, (string User, string Password)? credentials)
    {
        _directory = directory;
        _configPath = configPath;
        Aet = aet;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Credentials = credentials;
        BaseUrl = new Uri($"http://127.0.0.1:{httpPort}/");
        Rest = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (credentials is { } c)
        {
            Rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.User}:{c.Password}")));
        }

        _process = Launch();
    }

    public string Aet { get; }

    public int HttpPort { get; }

    public int DicomPort { get; }

    public Uri BaseUrl { get; }

    public (string User, string Password)? Credentials { get; }

    public HttpClient Rest { get; }

    /// <summary>This Orthanc as a remote node of another one.</summary>
    public DicomNode AsNode(string name) => new(name, Aet, DicomPort);

    /// <param name="credentials">When given, Orthanc requires them (HTTP Basic); otherwise it is open on loopback.</param>
    /// <param name="modalities">Remote DICOM nodes this Orthanc may C-ECHO, C-FIND and C-MOVE from, and that may C-MOVE to it.</param>
    /// <param name="dicomPort">A given DICOM port, for a node whose port others must know before it starts; a free one otherwise.</param>
    public static async Task<OrthancServer> StartAsync(
        string aet, (string User, string Password)? credentials = null, IReadOnlyList<DicomNode>? modalities = null, int? dicomPort = null,
        CancellationToken cancellationToken = default)
    {
        var directory = Directory.CreateTempSubdirectory("clinimg-orthanc-").FullName;
        var httpPort = LoopbackPort.Free();
        var port = dicomPort ?? LoopbackPort.Free();
        var config = new JsonObject
        {
            ["Name"] = aet,
            ["StorageDirectory"] = Path.Combine(directory, "storage"),
            ["IndexDirectory"] = Path.Combine(directory, "index"),
            [nameof(HttpPort)] = httpPort,
            [nameof(DicomPort)] = port,
            ["DicomAet"] = aet,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = credentials is not null,
            ["RegisteredUsers"] = credentials is { } c ? new JsonObject { [c.User] = c.Password } : new JsonObject(),
            ["DicomModalities"] = new JsonObject((modalities ?? []).Select(m =>
                KeyValuePair.Create<string, JsonNode?>(m.Name, new JsonArray(m.Aet, "127.0.0.1", m.Port)))),
            // A study is stable (and in the change log as StableStudy) one second after its last instance.
            ["StableAge"] = 1,
            ["SaveJobs"] = false,
            ["DicomScuTimeout"] = 5,
            ["Plugins"] = new JsonArray(),
        };
        var configPath = Path.Combine(directory, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config.ToJsonString(), cancellationToken);
        return await ServerReadiness.ReadyAsync(new OrthancServer(directory, configPath, aet, httpPort, port, credentials), (server, ct) => server.WaitUntilReadyAsync(ct), cancellationToken);
    }

    /// <summary>Stores a DICOM file; returns Orthanc's answer (ID, ParentStudy, Status).</summary>
    public async Task<JsonElement> UploadAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(file);
        using var response = await Rest.PostAsync("instances", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>
    /// Kills Orthanc, as a crash or a power cut would (a clean shutdown takes seconds); its storage stays for
    /// <see cref="StartAgainAsync"/>.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts Orthanc again on the same ports and storage, as after a restart of its host.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        Rest.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, ArgumentList = { _configPath } };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start");
        // Orthanc logs to stderr; drain both pipes so it never blocks on a full one.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        ServerReadiness.WaitAsync(_process, Rest, "system", TimeSpan.FromSeconds(30), () => $"Configuration: {_configPath}", cancellationToken);
}
