using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(OnnxRuntimeCollection.Name)]
public sealed class ConcurrentRunTests(OnnxTestModels models)
{
    [Fact]
    public async Task One_session_run_from_8_threads_gives_each_thread_numpys_result_every_time()
    {
        const int threads = 8;
        const int runsPerThread = 50;
        using var session = models.Load("linear_softmax");
        var oracle = models.Oracle.GetProperty("linear_softmax");
        var x = oracle.GetProperty("x").Floats();
        var expected = oracle.GetProperty("probabilities").Floats();
        var width = (int)oracle.GetProperty("x_shape").Longs()[1];
        var classes = expected.Length / threads;
        using var start = new Barrier(threads);

        // Thread t runs row t of the oracle's batch, so a mixed-up input or output would show as another row's values.
        var results = Enumerable.Range(0, threads).Select(row => Task.Factory.StartNew(
            () =>
            {
                var input = new DenseTensor<float>(x.AsSpan(row * width, width).ToArray(), 1, width);
                start.SignalAndWait();
                return Enumerable.Range(0, runsPerThread)
                    .Select(_ => session.Run(new Dictionary<string, Tensor> { ["x"] = input }, ["probabilities"])["probabilities"].As<float>())
                    .ToList();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var perThread = await Task.WhenAll(results);

        for (var row = 0; row < threads; row++)
        {
            var rowExpected = expected.AsSpan(row * classes, classes).ToArray();
            var runs = perThread[row];
            OnnxSessionRunTests.AssertClose(rowExpected, [1, classes], runs[0]);
            Assert.All(runs, run => Assert.Equal(runs[0].Span.ToArray(), run.Span.ToArray()));
        }
    }
}
