using System.Diagnostics;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Models;

/// <summary>
/// The committed demo models still are what their manifests, model cards and golden files say: SHA-256, ONNX
/// checker, declared inputs/outputs, reference preprocessing, a second (numpy) ONNX implementation against the
/// golden outputs, and the closed-form Grad-CAM maps (models/training/verify.py; no torch needed).
/// </summary>
public sealed class DemoModelVerificationTests
{
    [Fact]
    public async Task Committed_demo_models_match_their_manifests_and_golden_outputs()
    {
        var script = Path.Combine(RepositoryRoot(), "models", "training", "verify.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"verify.py failed:\n{output}\n{await errors}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ClinicalImaging.sln not found above the test's folder");
    }
}
