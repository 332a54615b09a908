using System.Diagnostics;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(ProcessResourcesCollection.Name)]
public sealed class ThreadPoolTests(OnnxTestModels models)
{
    [Fact]
    public void Sessions_on_the_shared_pools_start_no_pool_of_their_own()
    {
        const int intraOpThreads = 8;
        var pools = new OnnxThreadPoolOptions { IntraOpThreadCount = intraOpThreads, AllowSpinning = false };
        Assert.True(models.Environment.HasSharedThreadPools);

        var before = ThreadCount();
        using var ownPools = OnnxSession.Load(
            models.Environment, models.PathOf("conv_relu"), new OnnxSessionOptions { UseSharedThreadPools = false, ThreadPools = pools });
        var ownPoolThreads = ThreadCount() - before;

        var sharedPoolSessions = Enumerable.Range(0, 4)
            .Select(_ => OnnxSession.Load(models.Environment, models.PathOf("conv_relu"), new OnnxSessionOptions { ThreadPools = pools }))
            .ToList();
        var sharedPoolThreads = ThreadCount() - before - ownPoolThreads;
        sharedPoolSessions.ForEach(session => session.Dispose());

        // A pool of n intra-op threads starts n - 1 (the calling thread is the n-th). Four sessions on the shared pools
        // would have started 4 × 7 threads with pools of their own; they start fewer than one such pool.
        Assert.True(ownPoolThreads >= intraOpThreads - 1, $"a session with its own pool started {ownPoolThreads} threads");
        Assert.True(sharedPoolThreads < intraOpThreads - 1, $"four sessions on the shared pools started {sharedPoolThreads} threads");
    }

    private static int ThreadCount()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }
}
