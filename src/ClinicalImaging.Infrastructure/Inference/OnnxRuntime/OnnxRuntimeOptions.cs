using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>ORT's <c>OrtLoggingLevel</c>: messages at this severity and above are written.</summary>
public enum OnnxLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary>ORT's <c>GraphOptimizationLevel</c>.</summary>
public enum OnnxGraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    Layout = 3,
    All = 99,
}

/// <summary>ORT's <c>ExecutionMode</c>: whether independent graph branches may run in parallel (on the inter-op pool).</summary>
public enum OnnxExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}

/// <summary>Settings of the process-wide ONNX Runtime environment.</summary>
public sealed record OnnxRuntimeEnvironmentOptions
{
    /// <summary>
    /// The native library file (or its folder). Null: search as <see cref="OnnxRuntimeLibrary"/> describes.
    /// Only the first environment in a process loads the library.
    /// </summary>
    public string? LibraryPath { get; init; }

    /// <summary>Default severity of ORT's own log.</summary>
    public OnnxLoggingLevel LoggingLevel { get; init; } = OnnxLoggingLevel.Warning;

    /// <summary>Where ORT's own log goes; null = standard error. ORT has one log per process (see <see cref="OnnxRuntimeEnvironment"/>).</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Identifies this process's lines in ORT's log.</summary>
    public string LogId { get; init; } = "ClinicalImaging";

    /// <summary>
    /// Thread pools shared by every session of the environment, so that a process serving several models does not
    /// start a pool per model. Null: each session creates its own pools (ORT's default).
    /// </summary>
    public OnnxThreadPoolOptions? SharedThreadPools { get; init; }
}

/// <summary>Sizes of ORT thread pools. Zero counts leave ORT's defaults.</summary>
public sealed record OnnxThreadPoolOptions
{
    /// <summary>Threads that parallelise one operator. 0 = ORT's default (one per physical core).</summary>
    public int IntraOpThreadCount { get; init; }

    /// <summary>Threads that run independent operators in parallel execution mode. 0 = ORT's default.</summary>
    public int InterOpThreadCount { get; init; }

    /// <summary>
    /// Whether idle pool threads spin before sleeping: lower latency, but CPU burnt while idle. Null = ORT's default (spin).
    /// Turn it off where the machine is shared with other work.
    /// </summary>
    public bool? AllowSpinning { get; init; }
}

/// <summary>Settings of one session (one loaded model).</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>
    /// Run on the environment's <see cref="OnnxRuntimeEnvironmentOptions.SharedThreadPools"/> when it has them (the default);
    /// false, or an environment without shared pools, gives the session pools of its own, sized by <see cref="ThreadPools"/>.
    /// </summary>
    public bool UseSharedThreadPools { get; init; } = true;

    /// <summary>The session's own pools, when it has its own (see <see cref="UseSharedThreadPools"/>).</summary>
    public OnnxThreadPoolOptions ThreadPools { get; init; } = new();

    public OnnxGraphOptimizationLevel GraphOptimizationLevel { get; init; } = OnnxGraphOptimizationLevel.All;

    public OnnxExecutionMode ExecutionMode { get; init; } = OnnxExecutionMode.Sequential;

    /// <summary>Log severity for this session; null = the environment's.</summary>
    public OnnxLoggingLevel? LogSeverityLevel { get; init; }

    /// <summary>Identifies this session's lines in ORT's log (a model id, never patient data).</summary>
    public string? LogId { get; init; }

    /// <summary>
    /// Where ORT writes the model as it runs it, after its graph optimisations (fusions, layout changes), to inspect
    /// what they did; null = not written. A diagnostic: the file is rewritten by every session created with it.
    /// </summary>
    public string? OptimizedModelFilePath { get; init; }

    /// <summary>
    /// Profiles every run of the session into a file whose name starts with this path (ORT adds a timestamp and
    /// <c>.json</c>); <see cref="OnnxSession.EndProfiling"/> writes it. Null = no profiling (it costs time on every node).
    /// </summary>
    public string? ProfileFilePrefix { get; init; }

    /// <summary>ORT's string-keyed session settings (onnxruntime_session_options_config_keys.h), set after the others.</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();
}

/// <summary>Settings of one <see cref="OnnxSession.Run"/> call.</summary>
public sealed record OnnxRunOptions
{
    /// <summary>Log severity for this run; null = the session's.</summary>
    public OnnxLoggingLevel? LogSeverityLevel { get; init; }

    /// <summary>Identifies this run's lines in ORT's log (a job id, never patient data).</summary>
    public string? Tag { get; init; }
}
