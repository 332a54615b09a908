using System.Diagnostics;
using System.Text;
using ClinicalImaging.Testing;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>
/// The real API host started as its own OS process in the <c>worker</c> role (<c>dotnet ClinicalImaging.Api.dll</c>), on a
/// test database and object store, so that a test can kill it the way a node failure would.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote so far, to explain a failure.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WorkerProcess Start(string workerId, string connectionString, string storageRoot, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var apiDirectory = ApiDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(apiDirectory, "ClinicalImaging.Api.dll")])
        {
            WorkingDirectory = apiDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string?>(TestKeys.Settings)
        {
            ["ConnectionStrings:ClinicalImaging"] = connectionString,
            ["Storage:RootPath"] = storageRoot,
            ["Host:Role"] = "worker",
            ["Jobs:Worker:WorkerId"] = workerId,
            ["Database:MigrateOnStartup"] = "false",
            ["Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>SIGKILL: no shutdown code runs, no lease is released, open transactions die with the connection.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

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

        throw new DirectoryNotFoundException($"No ClinicalImaging.Api build output ({configuration}/{testOutput.Name}) above {testOutput.FullName}");
    }
}
