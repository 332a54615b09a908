using System.Text.Json.Nodes;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class RegistryTests(DemoModels models)
{
    [Fact]
    public void Lists_each_model_with_its_manifest_metadata()
    {
        Assert.Empty(models.Registry.Rejected);
        foreach (var id in DemoModels.Models)
        {
            var manifest = JsonNode.Parse(File.ReadAllText(models.ModelFile(id, "manifest.json")))!;
            var model = Assert.Single(models.Registry.Models, m => m.Id == id);
            Assert.Equal(manifest["labels"]!.AsArray().Select(l => (string)l!), model.Labels);
            Assert.Equal(manifest["modalities"]!.AsArray().Select(l => (string)l!), model.Modalities);
            Assert.Equal(manifest["labels"]!.AsArray().Select(l => (double)manifest["thresholds"]![(string)l!]!), model.Thresholds);
            Assert.Equal((string)manifest["task"]! == "multi-label" ? ModelTask.MultiLabel : ModelTask.MultiClass, model.Task);
            Assert.Equal((int)manifest["preprocessing"]!["input_size"]!, model.InputSize);
            Assert.True(model.SupportsMcDropout);
            Assert.Equal(Enum.GetValues<CamMethod>(), model.CamMethods);
        }
    }

    [Theory]
    [InlineData("CT", "HEAD", DemoModels.HeadCtModel)]
    [InlineData("ct", "brain", DemoModels.HeadCtModel)]
    [InlineData("CT", null, DemoModels.HeadCtModel)]
    [InlineData("DX", "CHEST", DemoModels.ChestModel)]
    [InlineData("CR", null, DemoModels.ChestModel)]
    [InlineData("MR", "BRAIN", DemoModels.BrainMrModel)]
    [InlineData("mr", "head", DemoModels.BrainMrModel)]
    [InlineData("MR", null, DemoModels.BrainMrModel)]
    public void Selects_by_modality_and_body_part(string modality, string? bodyPart, string expected) =>
        Assert.Equal(expected, models.Registry.Select(modality, bodyPart).Id);

    [Theory]
    [InlineData("US", null)]
    [InlineData("CT", "KNEE")]
    [InlineData("MR", "KNEE")]
    public void Unserved_modality_or_body_part_is_not_available(string modality, string? bodyPart)
    {
        var error = Assert.Throws<ModelNotAvailableException>(() => models.Registry.Select(modality, bodyPart));
        Assert.Contains(modality, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenManifests() => new()
    {
        { """{"preprocessing": {"channels": [{"type": "window", "center": 40, "width": 80}, {"type": "window", "center": 40, "width": 80}, {"type": "window", "center": 40, "width": 80}], "mean": [0, 0, 0], "std": [1, 1, 1]}}""", "input: 'image' dimension 1 is 1, expected 3" },
        { """{"labels": ["nodule", "pleural_effusion", "pneumothorax", "normal", "mass"]}""", "outputs.logits: 'logits' dimension 1 is 4, expected 5" },
        { """{"cam": {"target_layers": [{"output": "layer4", "stride": 8, "exact_gradient": true, "methods": ["GradCAM"]}]}}""", "cam.target_layers[0].output: the model has no output 'layer4'" },
        { """{"head": {"type": "gap-linear", "classifier_weight": "features_early", "classifier_bias": "classifier_bias"}}""", "head.classifier_weight: 'features_early' has rank 4, expected 2" },
        { """{"cam": {"target_layers": [{"output": "features_early", "stride": 4, "exact_gradient": true, "methods": ["GradCAM"]}]}}""", "cam.target_layers[0]: 'features_early' has 32 channels" },
        { """{"cam": {"target_layers": [{"output": "features", "stride": 8, "exact_gradient": true, "methods": ["GradCAM"]}]}}""", "cam.target_layers[0].stride: 8 does not fit 'features'" },
        { """{"mc_dropout": {"input": "dropout_on"}}""", "mc_dropout.input: the model has no input 'dropout_on'" },
        { """{"sha256": "00"}""", "sha256: model.onnx does not have the SHA-256" },
        { """{"preprocessing": {"channels": [{"type": "gamma"}]}}""", "preprocessing.channels[0].type: 'gamma' is unknown" },
        { """{"task": "multi-label", "outputs": {"logits": "logits", "activation": "softmax"}}""", "outputs.activation: 'softmax' does not fit task 'multi-label'" },
    };

    [Theory]
    [MemberData(nameof(BrokenManifests))]
    public void Rejects_a_manifest_that_disagrees_with_its_model_naming_model_and_field(string patch, string expected)
    {
        var root = Directory.CreateTempSubdirectory("clinicalimaging-registry-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root.FullName, DemoModels.ChestModel)).FullName;
            File.Copy(models.ModelFile(DemoModels.ChestModel, "model.onnx"), Path.Combine(folder, "model.onnx"));
            var manifest = JsonNode.Parse(File.ReadAllText(models.ModelFile(DemoModels.ChestModel, "manifest.json")))!.AsObject();
            Merge(manifest, JsonNode.Parse(patch)!.AsObject());
            File.WriteAllText(Path.Combine(folder, "manifest.json"), manifest.ToJsonString());

            using var registry = new OnnxModelRegistry(models.Environment, new ModelRegistryOptions { Directory = root.FullName }, NullLogger<OnnxModelRegistry>.Instance);

            Assert.Empty(registry.Models);
            var error = Assert.Single(registry.Rejected);
            Assert.StartsWith($"Model '{DemoModels.ChestModel}': ", error.Message, StringComparison.Ordinal);
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_model_id_is_not_available_and_lists_the_models()
    {
        var error = Assert.Throws<ModelNotAvailableException>(() => models.Registry.Get("no-such-model"));
        Assert.Contains(DemoModels.ChestModel, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Replaces object members of <paramref name="target"/> by those of <paramref name="patch"/>, recursively for objects.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToArray())
        {
            if (value is JsonObject child && target[name] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
