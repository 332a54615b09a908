using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Xunit;

namespace ClinicalImaging.Testing.Inference;

/// <summary>
/// The demo models' samples as DICOM files written by pydicom (models/training/sample_to_dicom.py), and the torch
/// golden probabilities of those samples (models/&lt;id&gt;/golden): the independent expectation for any path that runs
/// the models (API, CLI). Shared by the integration and CLI tests.
/// </summary>
public static class DemoModelSamples
{
    public const string ChestModel = "cxr-findings-demo";
    public const string HeadCtModel = "ct-head-hemorrhage-demo";

    /// <summary>Chest samples with golden outputs (one MONOCHROME1).</summary>
    public const string ChestEffusion = "cxr-pleural-effusion";
    public const string ChestNodule = "cxr-nodule-monochrome1";

    /// <summary>A head CT sample with a hemorrhage and golden outputs.</summary>
    public const string HeadCtHemorrhage = "ct-hemorrhage";

    private const string Python = "/usr/bin/python3";

    /// <summary>The models folder the API and CLI use when nothing is configured (the repository's models/).</summary>
    public static string ModelsDirectory { get; } = new ModelRegistryOptions().ResolveDirectory();

    /// <summary>Writes the sample as a DICOM file; <paramref name="modality"/> and <paramref name="bodyPart"/> override the manifest's.</summary>
    public static byte[] Dicom(string modelId, string sample, string? modality = null, string? bodyPart = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"clinimg-sample-{Guid.NewGuid():N}.dcm");
        try
        {
            WriteDicom(modelId, sample, path, modality, bodyPart);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <inheritdoc cref="Dicom"/>
    public static void WriteDicom(string modelId, string sample, string path, string? modality = null, string? bodyPart = null)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(ModelsDirectory, "training", "sample_to_dicom.py"));
        start.ArgumentList.Add(Path.Combine(ModelsDirectory, modelId, "samples", sample + ".json"));
        start.ArgumentList.Add(path);
        if (modality is not null)
        {
            start.ArgumentList.Add("--modality");
            start.ArgumentList.Add(modality);
        }

        if (bodyPart is not null)
        {
            start.ArgumentList.Add("--body-part");
            start.ArgumentList.Add(bodyPart);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sample_to_dicom.py failed: {errors.Result}");
    }

    /// <summary>torch's probabilities for the sample, by label.</summary>
    public static IReadOnlyDictionary<string, float> GoldenProbabilities(string modelId, string sample)
    {
        var labels = JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsDirectory, modelId, "manifest.json")))!["labels"]!.AsArray().Select(l => (string)l!).ToArray();
        var values = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(ModelsDirectory, modelId, "golden", sample + ".probabilities.f32"))).ToArray();
        Assert.Equal(labels.Length, values.Length);
        return labels.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    /// <summary>Asserts every label's probability against the golden value within the model's golden.json tolerance.</summary>
    public static void AssertGoldenProbabilities(string modelId, string sample, IEnumerable<(string Label, float Probability)> actual)
    {
        var tolerance = JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsDirectory, modelId, "golden", "golden.json")))!["tolerance"]!;
        double absolute = (double)tolerance["absolute"]!, relative = (double)tolerance["relative"]!;
        var expected = GoldenProbabilities(modelId, sample);
        var got = actual.ToDictionary(a => a.Label, a => a.Probability);
        Assert.Equal(expected.Keys.Order(), got.Keys.Order());
        Assert.All(expected, e => Assert.True(
            Math.Abs(got[e.Key] - e.Value) <= absolute + (relative * Math.Abs(e.Value)),
            $"{modelId}/{sample} {e.Key}: {got[e.Key]} vs torch {e.Value}"));
    }
}
