using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

/// <summary>
/// Builds the test models with python3-onnx and their expected outputs with numpy (once per test run), and holds
/// the one ONNX Runtime environment the tests share.
/// </summary>
public sealed class OnnxTestModels : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly DirectoryInfo _directory;
    private readonly JsonDocument _oracle;

    public OnnxTestModels()
    {
        _directory = Directory.CreateTempSubdirectory("clinicalimaging-onnx-tests-");
        var script = Path.Combine(AppContext.BaseDirectory, "OnnxRuntime", "make_test_models.py");
        var start = new ProcessStartInfo(Python, [script, _directory.FullName])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using (var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}."))
        {
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{script} failed ({process.ExitCode}); it needs {Python} with numpy and python3-onnx: {errors.Result}");
            }
        }

        _oracle = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory.FullName, "oracle.json")));
        Environment = OnnxRuntimeEnvironment.Create(new OnnxRuntimeEnvironmentOptions
        {
            LoggingLevel = OnnxLoggingLevel.Warning,
            Logger = RuntimeLog,
            // The test machine is small and shared: one intra-op thread, and no spinning while idle.
            SharedThreadPools = new OnnxThreadPoolOptions { IntraOpThreadCount = 1, InterOpThreadCount = 1, AllowSpinning = false },
        });
    }

    public OnnxRuntimeEnvironment Environment { get; }

    /// <summary>ONNX Runtime's own log while this fixture's environment is the process's.</summary>
    public RecordingLogger RuntimeLog { get; } = new();

    /// <summary>Inputs and numpy's expected outputs, by model; and onnx's own reading of each model.</summary>
    public JsonElement Oracle => _oracle.RootElement;

    /// <summary>Sessions run on the environment's shared pools.</summary>
    public static OnnxSessionOptions SessionOptions { get; } = new();

    public string PathOf(string model) => Path.Combine(_directory.FullName, model + ".onnx");

    public OnnxSession Load(string model) => OnnxSession.Load(Environment, PathOf(model), SessionOptions);

    public string CreateFile(string name, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        Environment.Dispose();
        _oracle.Dispose();
        _directory.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class OnnxRuntimeCollection : ICollectionFixture<OnnxTestModels>
{
    public const string Name = "ONNX Runtime";
}

/// <summary>Tests that measure the process's native heap or threads run alone, after every parallel collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessResourcesCollection : ICollectionFixture<OnnxTestModels>
{
    public const string Name = "ONNX Runtime process resources";
}

public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Message)> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}

internal static class OracleJson
{
    public static float[] Floats(this JsonElement element) => element.EnumerateArray().Select(value => value.GetSingle()).ToArray();

    public static long[] Longs(this JsonElement element) => element.EnumerateArray().Select(value => value.GetInt64()).ToArray();
}
