using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Infrastructure.Inference;

/// <summary>
/// How inference uses the CPUs (configuration section "Inference:Threading", decision 0410): ORT's process-wide
/// intra-op pool, and how many sub-batches of one batch run concurrently on a model's shared session. The default
/// favours throughput under concurrent requests: one thread per run, as many concurrent runs as logical processors.
/// </summary>
public sealed record InferenceThreadingOptions
{
    public const string Section = "Inference:Threading";

    /// <summary>
    /// Threads one ORT run uses, the calling thread included (the environment's shared intra-op pool). 1: every run
    /// stays on its caller's thread; 0: ORT's default, one per physical core.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// The most sub-batches a batch of images is split into, each run concurrently on the shared session and written
    /// into its rows of the batch's outputs. 0: the logical processors divided by <see cref="IntraOpThreads"/> (one
    /// run when that is ORT's default).
    /// </summary>
    public int ParallelRuns { get; init; }

    /// <summary>The environment's shared pools for these settings (idle threads never spin: the machine is shared).</summary>
    public OnnxThreadPoolOptions ThreadPools() => new() { IntraOpThreadCount = IntraOpThreads, AllowSpinning = false };

    /// <summary><see cref="ParallelRuns"/> with its default resolved, at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative setting.</exception>
    public int ResolveParallelRuns()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(IntraOpThreads, $"{Section}:{nameof(IntraOpThreads)}");
        ArgumentOutOfRangeException.ThrowIfNegative(ParallelRuns, $"{Section}:{nameof(ParallelRuns)}");
        return ParallelRuns > 0 ? ParallelRuns
            : IntraOpThreads > 0 ? Math.Max(1, Environment.ProcessorCount / IntraOpThreads)
            : 1;
    }
}
