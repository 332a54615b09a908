using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Outputs;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class OutputTests(DemoModels models)
{
    [Fact]
    public async Task Probabilities_from_DICOM_samples_reproduce_the_torch_goldens()
    {
        foreach (var id in DemoModels.Models)
        {
            var golden = JsonNode.Parse(File.ReadAllText(models.ModelFile(id, "golden", "golden.json")))!;
            foreach (var @case in golden["cases"]!.AsArray())
            {
                var name = (string)@case!["name"]!;
                var expected = DemoModels.ReadFloats(models.ModelFile(id, "golden", (string)@case["outputs"]!["probabilities"]!["file"]!));

                var result = await models.Engine.AnalyzeAsync(new InferenceRequest(models.LoadSample(id, name), id), CancellationToken.None);

                Assert.All(expected.Zip(result.Probabilities), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4, $"{id}/{name}: {pair.First} vs {pair.Second}"));
                var descriptor = models.Registry.Get(id);
                Assert.All(result.Findings, f => Assert.Equal(f.Probability >= descriptor.Thresholds[descriptor.Labels.ToList().IndexOf(f.Label)], f.IsPositive));
                Assert.Equal(result.Probabilities.Max(), result.Findings[0].Probability);
            }
        }
    }

    [Fact]
    public async Task A_batch_gives_each_image_its_single_image_result()
    {
        var images = models.Samples(DemoModels.ChestModel).Select(s => models.LoadSample(DemoModels.ChestModel, s)).ToArray();

        var batch = await models.Engine.AnalyzeBatchAsync(DemoModels.ChestModel, images, CancellationToken.None);

        for (int i = 0; i < images.Length; i++)
        {
            var single = await models.Engine.AnalyzeAsync(new InferenceRequest(images[i], DemoModels.ChestModel), CancellationToken.None);
            Assert.All(single.Probabilities.Zip(batch[i].Probabilities), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    [Theory]
    [InlineData(ModelTask.MultiClass)]
    [InlineData(ModelTask.MultiLabel)]
    public void Uncertainty_and_ensemble_statistics_match_numpy_on_fixed_arrays(ModelTask task)
    {
        var random = new Random(7);
        var passes = Enumerable.Range(0, 25).Select(_ => RandomProbabilities(random, task, 4)).ToArray();
        passes[3] = task == ModelTask.MultiClass ? [1, 0, 0, 0] : [1, 0, 0.5f, 1]; // 0 ln 0 = 0

        AssertMatchesNumpy(task, passes);
    }

    [Fact]
    public void Uncertainty_of_real_MC_dropout_passes_matches_numpy()
    {
        foreach (var (id, sample) in new[] { (DemoModels.ChestModel, "cxr-pneumothorax-nodule"), (DemoModels.HeadCtModel, "ct-hemorrhage") })
        {
            var model = models.Registry.Resolve(id);
            var passes = models.Engine.McDropoutPasses(model, models.LoadSample(id, sample), 40, CancellationToken.None);

            Assert.True(passes.Select(p => p[0]).Distinct().Count() > 30, $"{id}: dropout must draw a new mask for every pass");
            AssertMatchesNumpy(model.Descriptor.Task, passes);
        }
    }

    [Fact]
    public async Task Uncertainty_estimate_reports_T_passes_with_nonnegative_mutual_information()
    {
        var image = models.LoadSample(DemoModels.ChestModel, "cxr-nodule-monochrome1");

        var estimate = await models.Engine.EstimateUncertaintyAsync(new UncertaintyRequest(image, Samples: 50), CancellationToken.None);

        Assert.Equal(50, estimate.Samples);
        Assert.Equal(DemoModels.ChestModel, estimate.ModelId);
        Assert.All(estimate.MutualInformation, mi => Assert.True(mi >= 0));
        Assert.Contains(estimate.Variance, v => v > 0);
    }

    [Fact]
    public async Task Ensemble_of_models_without_common_labels_is_refused()
    {
        var image = models.LoadSample(DemoModels.ChestModel, "cxr-normal");
        await Assert.ThrowsAsync<ModelNotAvailableException>(() =>
            models.Engine.AnalyzeEnsembleAsync(new EnsembleRequest(image, [DemoModels.ChestModel, DemoModels.HeadCtModel]), CancellationToken.None));
    }

    [Theory]
    [InlineData("cxr-pleural-effusion")]
    [InlineData("cxr-pneumothorax-nodule")]
    public async Task Chest_ensemble_averages_the_ResNet_and_DenseNet_style_models_and_reports_their_disagreement(string sample)
    {
        var image = models.LoadSample(DemoModels.ChestModel, sample);

        var ensemble = await models.Engine.AnalyzeEnsembleAsync(new EnsembleRequest(image), CancellationToken.None);

        Assert.Equal([DemoModels.ChestModel, DemoModels.ChestDenseNetModel], ensemble.ModelIds);
        Assert.Equal(models.Registry.Get(DemoModels.ChestModel).Labels, ensemble.Labels);
        var resnet = await models.Engine.AnalyzeAsync(new InferenceRequest(image, DemoModels.ChestModel), CancellationToken.None);
        var densenet = await models.Engine.AnalyzeAsync(new InferenceRequest(image, DemoModels.ChestDenseNetModel), CancellationToken.None);
        Assert.Equal(resnet.Probabilities, ensemble.Members[0].Probabilities);
        Assert.Equal(densenet.Probabilities, ensemble.Members[1].Probabilities);
        for (int k = 0; k < ensemble.Labels.Count; k++)
        {
            // Two members: the mean is their midpoint and the population standard deviation half their distance.
            float a = resnet.Probabilities[k], b = densenet.Probabilities[k];
            Assert.Equal((a + b) / 2, ensemble.MeanProbabilities[k], 1e-6f);
            Assert.Equal(Math.Abs(a - b) / 2, ensemble.Disagreement[k], 1e-6f);
        }

        Assert.Contains(ensemble.Disagreement, d => d > 0);
    }

    private void AssertMatchesNumpy(ModelTask task, float[][] passes)
    {
        var request = Path.Combine(models.OracleDirectory, $"uncertainty-{Guid.NewGuid():N}.json");
        File.WriteAllText(request, JsonSerializer.Serialize(new { task = task == ModelTask.MultiClass ? "multi-class" : "multi-label", passes }));
        var output = Directory.CreateDirectory(request + ".out").FullName;
        DemoModels.RunOracle("uncertainty", request, output);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "uncertainty.json")))!;
        var labels = Enumerable.Range(0, passes[0].Length).Select(i => $"c{i}").ToArray();
        var descriptor = new ModelDescriptor("m", "1", "", "", task, labels, labels.Select(_ => 0.5).ToArray(), ["CR"], [], 1, 1, [], true);

        var actual = ProbabilityMath.Uncertainty("m", descriptor, passes);
        var (mean, spread) = ProbabilityMath.MeanAndSpread(passes);

        AssertClose(expected["mean"]!, actual.MeanProbabilities);
        AssertClose(expected["variance"]!, actual.Variance);
        AssertClose(expected["predictive"]!, actual.PredictiveEntropy);
        AssertClose(expected["expected"]!, actual.ExpectedEntropy);
        AssertClose(expected["mutual_information"]!, actual.MutualInformation);
        AssertClose(expected["mean"]!, mean);
        AssertClose(expected["std"]!, spread);
    }

    private static void AssertClose(JsonNode expected, IReadOnlyList<float> actual)
    {
        var values = expected.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal(values.Length, actual.Count);
        Assert.All(values.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 + (1e-5 * Math.Abs(p.First)), $"{p.First} vs {p.Second}"));
    }

    private static float[] RandomProbabilities(Random random, ModelTask task, int count)
    {
        var values = Enumerable.Range(0, count).Select(_ => random.NextSingle()).ToArray();
        if (task == ModelTask.MultiLabel)
        {
            return values;
        }

        var logits = values.Select(v => (v * 6) - 3).ToArray();
        var probabilities = new float[count];
        ProbabilityMath.Activate(task, logits, probabilities);
        return probabilities;
    }
}
