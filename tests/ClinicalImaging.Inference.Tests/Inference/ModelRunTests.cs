using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

/// <summary>
/// RegisteredModel.Run, the path every engine run takes: outputs written by ORT into pooled buffers, on a copy of the
/// model trimmed to the CAM layer outputs the run asks for.
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class ModelRunTests(DemoModels models)
{
    public static TheoryData<string> Models => new(DemoModels.Models);

    [Theory]
    [MemberData(nameof(Models))]
    public void Pooled_outputs_and_the_trimmed_sessions_give_what_the_full_session_gives(string modelId)
    {
        var model = models.Registry.Resolve(modelId);
        var layer = model.Manifest.Cam!.TargetLayers.First(l => l.ExactGradient).Output;
        var logitsName = model.Manifest.Outputs.Logits;
        var input = RandomBatch(model, batch: 3);
        var expected = model.Session.Run(
            new Dictionary<string, Tensor> { [model.Manifest.Input.Name] = input, [model.Manifest.McDropout!.Input] = new DenseTensor<bool>(new[] { false }) },
            [logitsName, layer]);

        using (var explained = model.Run(input, stochastic: false, [layer, logitsName], CancellationToken.None))
        {
            Assert.Equal(expected[layer].Shape.ToArray(), explained[layer].Shape.ToArray());
            Assert.Equal(expected[layer].As<float>().Span.ToArray(), explained[layer].Span.ToArray());
            AssertClose(expected[logitsName].As<float>().Span, explained[logitsName].Span);
        }

        using var logitsOnly = model.Run(input, stochastic: false, [logitsName], CancellationToken.None);
        AssertClose(expected[logitsName].As<float>().Span, logitsOnly[logitsName].Span);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_batch_run_as_concurrent_sub_batches_gives_what_one_run_gives(string modelId)
    {
        var model = models.Registry.Resolve(modelId);
        using var unsplit = ModelLoader.Load(models.Environment, models.ModelFile(modelId), parallelRuns: 1);
        var layer = model.Manifest.Cam!.TargetLayers.First(l => l.ExactGradient).Output;
        var logitsName = model.Manifest.Outputs.Logits;
        var input = RandomBatch(model, batch: 8); // sub-batches of 2, 3 and 3 images

        foreach (string[] outputNames in (string[][])[[logitsName], [logitsName, layer]])
        {
            using var expected = unsplit.Run(input, stochastic: false, outputNames, CancellationToken.None);
            using var actual = model.Run(input, stochastic: false, outputNames, CancellationToken.None);
            foreach (var name in outputNames)
            {
                Assert.Equal(expected[name].Shape.ToArray(), actual[name].Shape.ToArray());
                Assert.Equal(expected[name].Span.ToArray(), actual[name].Span.ToArray());
            }
        }
    }

    [Fact]
    public void Monte_Carlo_passes_in_concurrent_sub_batches_each_draw_their_own_mask()
    {
        var model = models.Registry.Resolve(DemoModels.ChestModel);
        var image = models.LoadSample(model.Id, models.Samples(model.Id)[0]);

        var passes = models.Engine.McDropoutPasses(model, image, samples: 12, CancellationToken.None);

        Assert.Equal(12, passes.Select(p => string.Join(",", p)).Distinct().Count());
    }

    [Fact]
    public void A_failing_sub_batch_fails_the_run_with_ORTs_error()
    {
        var model = models.Registry.Resolve(DemoModels.ChestModel);
        var wrongChannels = DenseTensor.Zeros<float>(6, model.InputChannels + 1, model.InputSize, model.InputSize);

        var error = Assert.Throws<OnnxRuntimeException>(() => model.Run(wrongChannels, stochastic: false, [model.Manifest.Outputs.Logits], CancellationToken.None));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
    }

    [Fact]
    public void The_logits_only_session_keeps_the_dropout_so_Monte_Carlo_runs_still_draw_masks()
    {
        var model = models.Registry.Resolve(DemoModels.ChestModel);
        var input = RandomBatch(model, batch: 1);
        var logitsName = model.Manifest.Outputs.Logits;

        var draws = Enumerable.Range(0, 5).Select(_ =>
        {
            using var outputs = model.Run(input, stochastic: true, [logitsName], CancellationToken.None);
            return string.Join(",", outputs[logitsName].Span.ToArray());
        }).Distinct().Count();

        Assert.Equal(5, draws);
    }

    [Fact]
    public void Outputs_are_unusable_after_dispose_and_only_logits_and_CAM_layers_can_be_asked_for()
    {
        var model = models.Registry.Resolve(DemoModels.BrainMrModel);
        var input = RandomBatch(model, batch: 1);
        var logitsName = model.Manifest.Outputs.Logits;

        var outputs = model.Run(input, stochastic: false, [logitsName], CancellationToken.None);
        outputs.Dispose();

        Assert.Throws<ObjectDisposedException>(() => outputs[logitsName]);
        var notServed = Assert.Throws<ArgumentException>(() => model.Run(input, stochastic: false, ["probabilities"], CancellationToken.None));
        Assert.Contains("probabilities", notServed.Message);
    }

    [Fact]
    public void Graph_outputs_are_removed_from_the_serialized_model_and_nothing_else()
    {
        var model = models.Registry.Resolve(DemoModels.ChestDenseNetModel);
        var bytes = File.ReadAllBytes(models.ModelFile(model.Id, model.Manifest.File));

        var trimmed = OnnxGraphOutputFilter.Remove(bytes, ["features", "features_early"]);
        using var session = OnnxSession.Load(models.Environment, trimmed);

        // The metadata records hold their shapes as lists: compare what they print (name, type, every dimension).
        Assert.Equal(
            model.Session.OutputMetadata.Where(o => o.Name is not ("features" or "features_early")).Select(o => o.ToString()),
            session.OutputMetadata.Select(o => o.ToString()));
        Assert.Equal(model.Session.InputMetadata.Select(o => o.ToString()), session.InputMetadata.Select(o => o.ToString()));
        Assert.Equal(model.Session.ModelMetadata.ProducerName, session.ModelMetadata.ProducerName);
        Assert.Throws<InvalidDataException>(() => OnnxGraphOutputFilter.Remove(bytes, ["heatmap"]));
        Assert.Throws<InvalidDataException>(() => OnnxGraphOutputFilter.Remove(bytes.AsSpan(0, bytes.Length / 2), ["features"]));
    }

    /// <summary>A graph with fewer outputs may be fused or scheduled differently by ORT: equal to float rounding.</summary>
    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1, Math.Abs(expected[i])), $"value {i}: {expected[i]} vs {actual[i]}");
        }
    }

    private static DenseTensor<float> RandomBatch(RegisteredModel model, int batch)
    {
        var random = new Random(batch);
        var values = new float[batch * model.InputChannels * model.InputSize * model.InputSize];
        foreach (ref var v in values.AsSpan())
        {
            v = (float)((random.NextDouble() * 2) - 1);
        }

        return new DenseTensor<float>(values, batch, model.InputChannels, model.InputSize, model.InputSize);
    }
}
