using System.Text.Json.Nodes;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Explainability;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

/// <summary>
/// The pointing game (Zhang et al. 2016) on the held-out synthetic lesions, the localisation goal: the models'
/// own training code regenerates the first 200 cases of the test split (heldout_lesions.json), our pipeline runs them
/// through ONNX Runtime, and for each lesion label present, the peak of the closed-form Grad-CAM after
/// pytorch-grad-cam's upsampling to the input must fall inside one of that label's planted boxes, for at least 90 % of
/// the lesion-positive (image, label) pairs. The demo models have CAM layers at stride 4 and were trained with box
/// supervision (decisions 0407, 0408).
/// </summary>
[Collection(DemoModelsCollection.Name)]
public sealed class LocalisationTests(DemoModels models)
{
    private const int Cases = 200;
    private const int Batch = 32;

    public static TheoryData<string> ModelIds => new(DemoModels.Models);

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Grad_CAM_peak_lies_inside_the_planted_lesion_for_90_percent_of_positives(string modelId)
    {
        var model = models.Registry.Resolve(modelId);
        DemoModels.RunOracle("heldout", models.ModelsDirectory, modelId, $"{Cases}", models.OracleDirectory);
        var inputs = DemoModels.ReadFloats(Path.Combine(models.OracleDirectory, $"{modelId}.heldout.f32"));
        var boxes = JsonNode.Parse(File.ReadAllText(models.ModelFile(modelId, "heldout_lesions.json")))!["records"]!.AsArray();
        var layer = model.Manifest.Cam!.TargetLayers.First(l => l.ExactGradient).Output;
        var size = model.InputSize;
        var imageLength = model.InputChannels * size * size;
        int positives = 0, hits = 0;
        for (int first = 0; first < Cases; first += Batch)
        {
            var count = Math.Min(Batch, Cases - first);
            var tensor = new DenseTensor<float>(inputs.AsMemory(first * imageLength, count * imageLength), count, model.InputChannels, size, size);
            var features = model.Session.Run(
                new Dictionary<string, Tensor> { [model.Manifest.Input.Name] = tensor, [model.Manifest.McDropout!.Input] = new DenseTensor<bool>(new[] { false }) },
                [layer])[layer].As<float>();
            var (channels, height, width) = ((int)features.Shape[1], (int)features.Shape[2], (int)features.Shape[3]);
            var perImage = channels * height * width;
            for (int n = 0; n < count; n++)
            {
                var lesions = boxes[first + n]!["boxes_in_input"]!.AsArray();
                foreach (var label in lesions.Select(b => (string)b!["label"]!).Distinct())
                {
                    var target = model.Manifest.Labels.ToList().IndexOf(label);
                    var raw = CamWeights.ClosedForm(
                        CamMethod.GradCam, features.Span.Slice(n * perImage, perImage), channels, height, width, model.ClassifierWeight.AsSpan(target * channels, channels));
                    var map = CamPostProcessing.ScaleToInput(raw, height, width, size);
                    var peak = Array.IndexOf(map, map.Max());
                    double x = (peak % size) + 0.5, y = (peak / size) + 0.5;
                    positives++;
                    hits += lesions.Any(b => (string)b!["label"]! == label && Inside(b["box"]!.AsArray(), x, y)) ? 1 : 0;
                }
            }
        }

        Assert.True(positives >= 50, $"{modelId}: only {positives} lesion-positive cases");
        Assert.True(hits >= 0.9 * positives, $"{modelId}: the Grad-CAM peak is inside the lesion for {hits} of {positives} positives ({100.0 * hits / positives:F1} %)");
    }

    private static bool Inside(JsonArray box, double x, double y) =>
        x >= (double)box[0]! && x <= (double)box[2]! && y >= (double)box[1]! && y <= (double)box[3]!;
}
