using System.Text.Json.Nodes;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Explainability;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Preprocessing;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class ExplainabilityTests(DemoModels models)
{
    private static readonly CamMethod[] s_gradientMethods = [CamMethod.GradCam, CamMethod.GradCamPlusPlus, CamMethod.XGradCam, CamMethod.LayerCam];

    [Fact]
    public void Closed_form_Grad_CAM_on_our_features_matches_the_torch_autograd_goldens()
    {
        var compared = 0;
        foreach (var id in DemoModels.Models)
        {
            var model = models.Registry.Resolve(id);
            var golden = JsonNode.Parse(File.ReadAllText(models.ModelFile(id, "golden", "golden.json")))!;
            foreach (var @case in golden["cases"]!.AsArray())
            {
                var (features, channels, height, width) = Features(model, models.LoadSample(id, (string)@case!["name"]!));
                foreach (var (label, map) in @case["grad_cam"]!.AsObject())
                {
                    var expected = DemoModels.ReadFloats(models.ModelFile(id, "golden", (string)map!["file"]!));
                    var target = model.Manifest.Labels.ToList().IndexOf(label);

                    var actual = CamWeights.ClosedForm(CamMethod.GradCam, features, channels, height, width, model.ClassifierWeight.AsSpan(target * channels, channels))
                        .Select(v => Math.Max(v, 0)).ToArray();

                    Assert.True(Pearson(expected, actual) > 0.99, $"{id}/{@case["name"]}/{label}: r = {Pearson(expected, actual)}");
                    var scale = expected.Max();
                    Assert.All(expected.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-3 * scale, $"{p.First} vs {p.Second}"));
                    compared++;
                }
            }
        }

        Assert.True(compared >= 3, "the goldens must hold torch Grad-CAM maps");
    }

    [Fact]
    public void Every_closed_form_method_and_Eigen_CAM_match_torch_autograd_and_numpy_SVD()
    {
        foreach (var id in DemoModels.Models)
        {
            var model = models.Registry.Resolve(id);
            var (features, channels, height, width) = Features(model, models.LoadSample(id, models.Samples(id)[0]));
            var featuresPath = Path.Combine(models.OracleDirectory, $"{id}.features.f32");
            var weightPath = Path.Combine(models.OracleDirectory, $"{id}.weight.f32");
            File.WriteAllBytes(featuresPath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(features.AsSpan()).ToArray());
            File.WriteAllBytes(weightPath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.ClassifierWeight.AsSpan()).ToArray());
            var output = Directory.CreateDirectory(Path.Combine(models.OracleDirectory, id + ".cams")).FullName;
            DemoModels.RunOracle("cams", featuresPath, $"{channels}", $"{height}", $"{width}", weightPath, $"{model.LabelCount}", output);
            var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "cams.json")))!;

            for (int target = 0; target < model.LabelCount; target++)
            {
                foreach (var method in s_gradientMethods)
                {
                    var reference = expected[$"{target}"]![method.ToString()]!.AsArray().Select(v => (float)v!).ToArray();
                    var actual = CamWeights.ClosedForm(method, features, channels, height, width, model.ClassifierWeight.AsSpan(target * channels, channels));
                    Assert.True(Pearson(reference, actual) > 0.999, $"{id} {method} class {target}: r = {Pearson(reference, actual)}");
                    var scale = reference.Max(Math.Abs);
                    Assert.All(reference.Zip(actual), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-3 * scale, $"{method}: {p.First} vs {p.Second}"));
                }
            }

            var svd = expected["EigenCam"]!.AsArray().Select(v => (float)v!).ToArray();
            var eigen = EigenCam.Compute(features, channels, height, width);
            Assert.True(Math.Abs(Pearson(svd, eigen)) > 0.999, $"{id} EigenCAM: r = {Pearson(svd, eigen)}");
        }
    }

    [Theory]
    [InlineData(CamMethod.GradCam)]
    [InlineData(CamMethod.GradCamPlusPlus)]
    [InlineData(CamMethod.XGradCam)]
    [InlineData(CamMethod.LayerCam)]
    [InlineData(CamMethod.ScoreCam)]
    [InlineData(CamMethod.EigenCam)]
    public async Task Explanation_is_a_normalised_map_in_original_coordinates_with_PNGs_and_regions(CamMethod method)
    {
        var image = models.LoadSample(DemoModels.ChestModel, "cxr-nodule-monochrome1");

        var result = await models.Engine.AnalyzeAsync(
            new InferenceRequest(image, null, new ExplanationRequest(method, TargetLabel: "nodule", OverlayAlpha: 0.5)), CancellationToken.None);

        var explanation = result.Explanation!;
        Assert.Equal("nodule", explanation.TargetLabel);
        Assert.Equal((image.Columns, image.Rows), (explanation.Width, explanation.Height));
        Assert.Equal(image.Rows * image.Columns, explanation.Heatmap.Length);
        Assert.All(explanation.Heatmap, v => Assert.InRange(v, 0f, 1f));
        Assert.True(explanation.Heatmap.Max() > 0.95f);
        AssertPng(explanation.HeatmapPng!, image.Columns, image.Rows);
        AssertPng(explanation.OverlayPng!, image.Columns, image.Rows);
        Assert.NotEmpty(explanation.Regions);
        Assert.Equal(explanation.Regions.OrderByDescending(r => r.PeakActivation).ThenByDescending(r => r.Area), explanation.Regions);
        var strongest = explanation.Regions[0];
        Assert.Equal(explanation.Heatmap.Max(), strongest.PeakActivation);
        Assert.Equal(strongest.PeakActivation, explanation.Heatmap[(strongest.PeakY * image.Columns) + strongest.PeakX]);
        Assert.InRange(explanation.Quality.Probability, result.Probabilities[0] - 1e-6f, result.Probabilities[0] + 1e-6f);
        Assert.InRange(explanation.Quality.Score, -1f, 1f);
    }

    [Fact]
    public async Task Several_target_layers_are_fused_and_gradient_methods_refuse_inexact_layers()
    {
        var image = models.LoadSample(DemoModels.HeadCtModel, "ct-hemorrhage");

        var fused = await models.Engine.AnalyzeAsync(new InferenceRequest(image, null, new ExplanationRequest(CamMethod.EigenCam, RenderImages: false)), CancellationToken.None);

        Assert.Equal(["features", "features_early"], fused.Explanation!.TargetLayers);
        await Assert.ThrowsAsync<ModelNotAvailableException>(() => models.Engine.AnalyzeAsync(
            new InferenceRequest(image, null, new ExplanationRequest(CamMethod.GradCam, TargetLayers: ["features_early"])), CancellationToken.None));
        await Assert.ThrowsAsync<ModelNotAvailableException>(() => models.Engine.AnalyzeAsync(
            new InferenceRequest(image, null, new ExplanationRequest(CamMethod.GradCam, TargetLabel: "fracture")), CancellationToken.None));
    }

    [Fact]
    public async Task Overlay_alpha_outside_0_to_1_is_refused_before_running()
    {
        var image = models.LoadSample(DemoModels.ChestModel, "cxr-normal");

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => models.Engine.AnalyzeAsync(
            new InferenceRequest(image, null, new ExplanationRequest(OverlayAlpha: 1.5)), CancellationToken.None));

        Assert.Contains("OverlayAlpha (1.5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Regions_are_8_connected_components_with_box_peak_and_mean()
    {
        // 5 x 4 map: a diagonal pair (one region only with 8-connectivity) and a lone pixel.
        float[] map =
        [
            0.9f, 0, 0, 0, 0,
            0, 0.7f, 0, 0, 0.6f,
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 0,
        ];

        var regions = AttentionRegionFinder.Find(map, 5, 4, 0.5);

        Assert.Equal(2, regions.Count);
        Assert.Equal(new AttentionRegion(0, 0, 2, 2, 0, 0, 0.9f, regions[0].MeanActivation, 2), regions[0]);
        Assert.Equal((0.9f + 0.7f) / 2, regions[0].MeanActivation, 1e-6f);
        Assert.Equal(new AttentionRegion(4, 1, 1, 1, 4, 1, 0.6f, 0.6f, 1), regions[1]);
    }

    [Fact]
    public void Map_goes_back_through_the_letterbox_to_original_pixels()
    {
        // A 10 x 40 image in a 16-pixel input: resized to 4 x 16, 6 rows of padding above. An input map that is its
        // own row index shows each original row's centre at input row 6 + (y + 0.5) * 0.4 - 0.5.
        var geometry = LetterboxGeometry.For(10, 40, 16);
        var inputMap = Enumerable.Range(0, 16 * 16).Select(i => (float)(i / 16)).ToArray();

        var original = CamPostProcessing.ToOriginal(inputMap, geometry);

        Assert.Equal((4, 16, 6, 0), (geometry.ResizedRows, geometry.ResizedColumns, geometry.Top, geometry.Left));
        for (int y = 0; y < 10; y++)
        {
            Assert.Equal(6 + ((y + 0.5) * 0.4) - 0.5, original[y * 40], 5);
        }
    }

    private static (float[] Features, int Channels, int Height, int Width) Features(RegisteredModel model, InferenceImage image)
    {
        var (tensor, _) = ModelInputPreprocessor.PreprocessBatch([image], model.Manifest.Preprocessing);
        var layer = model.Manifest.Cam!.TargetLayers.First(l => l.ExactGradient).Output;
        var outputs = model.Session.Run(
            new Dictionary<string, Tensor> { [model.Manifest.Input.Name] = tensor, [model.Manifest.McDropout!.Input] = new DenseTensor<bool>(new[] { false }) },
            [layer]);
        var features = outputs[layer].As<float>();
        return (features.Span.ToArray(), (int)features.Shape[1], (int)features.Shape[2], (int)features.Shape[3]);
    }

    internal static double Pearson(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        double meanA = a.Average(), meanB = b.Average(), ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Count; i++)
        {
            ab += (a[i] - meanA) * (b[i] - meanB);
            aa += (a[i] - meanA) * (a[i] - meanA);
            bb += (b[i] - meanB) * (b[i] - meanB);
        }

        return ab / Math.Sqrt(aa * bb);
    }

    private static void AssertPng(byte[] png, int width, int height)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(2, png[25]); // colour type RGB
    }
}
