using ClinicalImaging.Infrastructure.Inference;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

public sealed class ThreadingOptionsTests
{
    [Fact]
    public void Parallel_runs_default_to_the_processors_left_per_run()
    {
        Assert.Equal(Environment.ProcessorCount, new InferenceThreadingOptions().ResolveParallelRuns());
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), new InferenceThreadingOptions { IntraOpThreads = 2 }.ResolveParallelRuns());
        Assert.Equal(1, new InferenceThreadingOptions { IntraOpThreads = 0 }.ResolveParallelRuns());
        Assert.Equal(5, new InferenceThreadingOptions { IntraOpThreads = 2, ParallelRuns = 5 }.ResolveParallelRuns());
    }

    [Fact]
    public void Negative_settings_are_rejected_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InferenceThreadingOptions { ParallelRuns = -1 }.ResolveParallelRuns());

        Assert.Contains("Inference:Threading:ParallelRuns", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InferenceThreadingOptions { IntraOpThreads = -1 }.ResolveParallelRuns());
    }
}
