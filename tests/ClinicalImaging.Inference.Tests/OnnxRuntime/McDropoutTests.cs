using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

/// <summary>Monte Carlo dropout needs Dropout(training_mode=true) to survive graph optimisation and resample per run.</summary>
[Collection(OnnxRuntimeCollection.Name)]
public sealed class McDropoutTests(OnnxTestModels models)
{
    [Fact]
    public void Dropout_in_training_mode_samples_a_new_mask_on_every_run()
    {
        using var session = models.Load("dropout_train");
        var ratio = models.Oracle.GetProperty("dropout").GetProperty("ratio").GetSingle();
        var x = Ramp(4096);

        var first = RunDropout(session, x);
        var second = RunDropout(session, x);

        Assert.NotEqual(first, second);
        foreach (var y in new[] { first, second })
        {
            // ONNX Dropout: each element is dropped (0) or kept and scaled by 1 / (1 - ratio).
            for (var i = 0; i < x.Length; i++)
            {
                Assert.True(y[i] == 0 || y[i] == x[i] / (1 - ratio), $"element {i}: {y[i]} from {x[i]}");
            }

            // 4096 draws at p = 0.5: the dropped fraction lies within ±0.1 of it by more than 12 standard deviations.
            var droppedFraction = y.Count(value => value == 0) / (double)y.Length;
            Assert.InRange(droppedFraction, ratio - 0.1, ratio + 0.1);
        }
    }

    [Fact]
    public void Dropout_in_inference_mode_is_the_identity_on_every_run()
    {
        using var session = models.Load("dropout_eval");
        var x = Ramp(4096);

        Assert.Equal(x, RunDropout(session, x));
        Assert.Equal(x, RunDropout(session, x));
    }

    private static float[] RunDropout(OnnxSession session, float[] x) =>
        session.Run(new Dictionary<string, Tensor> { ["x"] = new DenseTensor<float>(x, 1, x.Length) })["y"].As<float>().Span.ToArray();

    /// <summary>Distinct, non-zero values, so a dropped element is never mistaken for a kept one.</summary>
    private static float[] Ramp(int length) => Enumerable.Range(1, length).Select(i => i / 64f).ToArray();
}
