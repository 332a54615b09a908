using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Infrastructure.Inference.Preprocessing;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

[Collection(DemoModelsCollection.Name)]
public sealed class PreprocessingTests(DemoModels models)
{
    public static TheoryData<string, string> Samples()
    {
        // Read from the models folder without loading the models (theory data is built before fixtures exist).
        var root = new ModelRegistryOptions().ResolveDirectory();
        var data = new TheoryData<string, string>();
        foreach (var model in DemoModels.Models)
        {
            foreach (var sample in Directory.EnumerateFiles(Path.Combine(root, model, "samples"), "*.json").Order())
            {
                data.Add(model, Path.GetFileNameWithoutExtension(sample));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_tensor_matches_the_numpy_reference_preprocessing(string modelId, string sampleName)
    {
        var model = models.Registry.Resolve(modelId);
        var image = models.LoadSample(modelId, sampleName);
        var actual = new float[model.InputChannels * model.InputSize * model.InputSize];

        ModelInputPreprocessor.Preprocess(image, model.Manifest.Preprocessing, actual);

        var expected = models.ReferenceInput(modelId, sampleName);
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"{modelId}/{sampleName}: largest difference {worst}");
    }

    [Fact]
    public void Golden_input_of_the_MONOCHROME1_sample_is_reproduced()
    {
        var model = models.Registry.Resolve(DemoModels.ChestModel);
        var image = models.LoadSample(DemoModels.ChestModel, "cxr-nodule-monochrome1");
        Assert.Equal(PhotometricInterpretation.Monochrome1, image.Photometric);

        var (tensor, geometries) = ModelInputPreprocessor.PreprocessBatch([image, image], model.Manifest.Preprocessing);

        var golden = DemoModels.ReadFloats(models.ModelFile(DemoModels.ChestModel, "golden", "cxr-nodule-monochrome1.input.f32"));
        Assert.Equal([2, 1, 128, 128], tensor.Shape.ToArray());
        Assert.All(Enumerable.Range(0, 2 * golden.Length), i => Assert.Equal(golden[i % golden.Length], tensor.Span[i], 1e-5f));
        Assert.All(geometries, g => Assert.Equal(image.Rows, g.SourceRows));
    }

    [Fact]
    public void Letterbox_geometry_matches_the_reference()
    {
        foreach (var modelId in DemoModels.Models)
        {
            foreach (var sample in models.Samples(modelId))
            {
                var image = models.LoadSample(modelId, sample);
                var expected = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(models.OracleDirectory, modelId, sample + ".json"))).RootElement;
                var geometry = LetterboxGeometry.For(image.Rows, image.Columns, models.Registry.Resolve(modelId).InputSize);
                Assert.Equal(expected.GetProperty("top").GetInt32(), geometry.Top);
                Assert.Equal(expected.GetProperty("left").GetInt32(), geometry.Left);
                Assert.Equal(expected.GetProperty("scale_x").GetDouble(), geometry.ScaleX, 12);
                Assert.Equal(expected.GetProperty("scale_y").GetDouble(), geometry.ScaleY, 12);
            }
        }
    }

    [Fact]
    public void Color_frames_are_rejected_naming_the_attribute()
    {
        var error = Assert.Throws<ArgumentException>(() => new InferenceImage(new float[4], 2, 2, PhotometricInterpretation.Rgb, "CR"));
        Assert.Contains("(0028,0004)", error.Message, StringComparison.Ordinal);
    }
}
