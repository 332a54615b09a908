using System.Diagnostics;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>Runs Prometheus's <c>promtool</c> (Debian package <c>prometheus</c>) and returns its exit code and output.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static async Task<(int ExitCode, string Output)> RunAsync(string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Path} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
