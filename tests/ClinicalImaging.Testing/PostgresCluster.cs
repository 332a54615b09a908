using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace ClinicalImaging.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test process, started from the machine's binaries (initdb + pg_ctl) on a
/// free loopback port in a temporary directory, and removed when the process exits. Durability is switched off:
/// the data is thrown away anyway, and it makes the suite several times faster.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _directory;
    private readonly string _binDirectory;
    private readonly string? _runAsUser;

    private PostgresCluster(string directory, string binDirectory, string? runAsUser, int port)
    {
        _directory = directory;
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        Port = port;
    }

    public static PostgresCluster Instance => Shared.Value;

    public int Port { get; }

    public const string SuperUser = "postgres";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true;Include Error Detail=true";

    private static PostgresCluster Start()
    {
        var binDirectory = FindBinDirectory();
        // initdb refuses to run as root: hand the cluster to the unprivileged 'postgres' account then.
        var runAsUser = IsRoot() ? "postgres" : null;
        var directory = Path.Combine(Path.GetTempPath(), $"clinimg-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(directory);
        if (runAsUser is not null)
        {
            Run("chown", null, "-R", runAsUser, directory);
        }

        var data = Path.Combine(directory, "data");
        RunPg(binDirectory, runAsUser, "initdb", "-D", data, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        var port = FreeLoopbackPort();
        var options = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={directory} " +
                      "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB";
        RunPg(binDirectory, runAsUser, "pg_ctl", "-D", data, "-l", Path.Combine(directory, "postgres.log"), "-o", options, "-w", "-t", "60", "start");

        var cluster = new PostgresCluster(directory, binDirectory, runAsUser, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    private void Stop()
    {
        try
        {
            RunPg(_binDirectory, _runAsUser, "pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string FindBinDirectory()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("PG_BIN") }
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : [])
            .Where(d => !string.IsNullOrEmpty(d) && File.Exists(Path.Combine(d!, "initdb")));
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries not found: install postgresql (Debian) or set PG_BIN to the folder holding initdb and pg_ctl");
    }

    private static void RunPg(string binDirectory, string? runAsUser, string tool, params string[] arguments) =>
        Run(Path.Combine(binDirectory, tool), runAsUser, arguments);

    private static void Run(string program, string? runAsUser, params string[] arguments)
    {
        var start = new ProcessStartInfo(runAsUser is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAsUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed with exit code {process.ExitCode}:\n{output}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
