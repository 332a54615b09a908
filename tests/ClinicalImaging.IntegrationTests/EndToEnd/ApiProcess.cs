using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using ClinicalImaging.Testing;
using Microsoft.Extensions.Configuration;

namespace ClinicalImaging.IntegrationTests.EndToEnd;

/// <summary>
/// The real API host as its own OS process (<c>dotnet ClinicalImaging.Api.dll</c>) in one role (<c>Host:Role</c>: api,
/// worker or all), on a test database and object store, so that a test can kill it the way a node failure would and
/// start it again. It listens on a loopback port chosen once: a restarted process is back at the same address, where
/// retrying clients find it.
/// </summary>
/// <remarks>
/// Started means ready: <c>/ready</c> answers 200 (PostgreSQL reachable, every migration applied). What makes a start
/// slow, or makes it never look ready, and how this class meets each:
/// <list type="bullet">
/// <item>Building: nothing is built here. The API project's own build output runs (a <c>dotnet run</c> would build
/// first, minutes on a busy two-core machine).</item>
/// <item>Port binding: the address is passed as <c>--urls</c>, the one source that overrides every other.
/// appsettings.json sets <c>Urls</c> (127.0.0.1:8080), which wins over <c>ASPNETCORE_URLS</c>: a server started that way
/// listens on 8080 (or fails there, if another process has it) while the test polls its own port until it gives up.</item>
/// <item>Start-up work: hosted services start before Kestrel listens (migrations when <c>Database:MigrateOnStartup</c>
/// is on, the telemetry listeners, the worker's first poll), so the port refuses connections for a while; refused
/// connections are polled again. Models load on a worker's first job, not at start.</item>
/// <item>Failures: a process that exits (a bad setting, a port taken) fails the wait at once with its exit code and
/// everything it wrote; a process that stays unready (pending migrations answer 503) fails it after
/// <see cref="ReadyTimeout"/> with the last <c>/ready</c> answer and the output.</item>
/// </list>
/// </remarks>
internal sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _probe;
    private Process _process;

    private ApiProcess(ProcessStartInfo start, Uri address)
    {
        _start = start;
        Address = address;
        _probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        _process = Launch();
    }

    /// <summary>Where the process listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>What every start of the process wrote so far (stdout and stderr), to explain a failure.</summary>
    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host in <paramref name="role"/> and returns once it is ready.</summary>
    /// <param name="settings">Configuration on top of the test keys, the database, the object store and the role.</param>
    public static async Task<ApiProcess> StartAsync(
        string role, string connectionString, string storageRoot, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        var apiDirectory = ApiDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(apiDirectory, "ClinicalImaging.Api.dll"), "--urls", address.GetLeftPart(UriPartial.Authority) },
            WorkingDirectory = apiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var configuration = new Dictionary<string, string?>(TestKeys.Settings)
        {
            ["ConnectionStrings:ClinicalImaging"] = connectionString,
            ["Storage:RootPath"] = storageRoot,
            ["Host:Role"] = role,
            // The test's ApiFactory migrated the database; a second migrator would only wait for its lock.
            ["Database:MigrateOnStartup"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return await ServerReadiness.ReadyAsync(new ApiProcess(start, address), (server, ct) => server.WaitUntilReadyAsync(ct), cancellationToken);
    }

    /// <summary>
    /// The section of the API's appsettings.Development.json as settings, to run a test host with the development
    /// configuration of one feature (e.g. the demo models' triage rules) and nothing else of that environment.
    /// </summary>
    public static Dictionary<string, string?> DevelopmentSettings(string section) =>
        new ConfigurationBuilder().AddJsonFile(Path.Combine(ApiDirectory(), "appsettings.Development.json")).Build()
            .GetSection(section).AsEnumerable().Where(s => s.Value is not null).ToDictionary(StringComparer.Ordinal);

    /// <summary>A client of this process whose requests carry a bearer token for <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public HttpClient CreateClientFor(string user, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKeys.Token(user, roles));
        return client;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the output if the process exits first or two minutes pass.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!await condition())
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API process exited with code {_process.ExitCode}. It wrote:\n{Output}");
            }

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The condition did not hold within two minutes. The API process wrote:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, no lease is released, open transactions and uploads die with the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>Kills the process if it still runs, starts it again with the same settings and port, and waits until it is ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        Kill();
        _process.Dispose();
        _process = Launch();
        await WaitUntilReadyAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _probe.Dispose();
        return ValueTask.CompletedTask;
    }

    private Process Launch()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException("dotnet did not start");
        Append($"--- {_start.Environment["Host__Role"]} process {process.Id} started, listening at {Address} ---");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private Task WaitUntilReadyAsync(CancellationToken cancellationToken) =>
        ServerReadiness.WaitAsync(_process, _probe, "ready", ReadyTimeout, () => $"The API process wrote:\n{Output}", cancellationToken);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The API project's own build output (it has the runtimeconfig and deps files that <c>dotnet</c> needs).</summary>
    private static string ApiDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testOutput.Parent!.Name;
        for (var folder = testOutput; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "src", "ClinicalImaging.Api", "bin", configuration, testOutput.Name);
            if (File.Exists(Path.Combine(candidate, "ClinicalImaging.Api.dll")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No ClinicalImaging.Api build output ({configuration}/{testOutput.Name}) above {testOutput.FullName}: build the test project, which builds the API");
    }
}
