using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>, never its system service) scraping one target every
/// second from a temporary directory on a loopback port; killed and deleted on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Job = "clinicalimaging";

    private readonly string _directory;
    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(string directory, Process process, Uri address)
    {
        _directory = directory;
        _process = process;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
    }

    public static PrometheusServer Start(Uri target)
    {
        var directory = Directory.CreateTempSubdirectory("clinimg-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start");
        // Prometheus logs to stderr; drain both pipes so it never blocks on a full one.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(directory, process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Polls an instant query until <paramref name="accept"/> holds for its result vector, or the token fires.</summary>
    public async Task<JsonElement> WaitForAsync(string query, Func<JsonElement, bool> accept, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode}");
            }

            try
            {
                var response = await _http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
                var result = response.GetProperty("data").GetProperty("result");
                if (accept(result))
                {
                    return result;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
