using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClinicalImaging.Testing.Inference;
using Xunit;

namespace ClinicalImaging.Cli.Tests;

/// <summary><c>clinimg infer</c> in-process on pydicom-written samples of the demo models, against their torch golden outputs.</summary>
public sealed class InferCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-infer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Each_file_gets_its_modalitys_model_the_golden_probabilities_and_json_heatmap_and_overlay_files()
    {
        var chest = Sample(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion);
        var ct = Sample(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);
        var output = Path.Combine(_folder, "out");

        var (code, stdout, stderr) = await RunAsync("infer", chest, ct, "--out", output, "--json");

        Assert.True(code == 0, stderr);
        var results = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal([DemoModelSamples.ChestModel, DemoModelSamples.HeadCtModel], results.Select(r => r.GetProperty("modelId").GetString()));
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.ChestModel, DemoModelSamples.ChestEffusion, Findings(results[0]));
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage, Findings(results[1]));
        foreach (var (file, result) in new[] { chest, ct }.Zip(results))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            var image = result.GetProperty("image");
            var size = (image.GetProperty("columns").GetInt32(), image.GetProperty("rows").GetInt32());
            Assert.Equal(size, PngSize(Path.Combine(output, $"{stem}.heatmap.png")));
            Assert.Equal(size, PngSize(Path.Combine(output, $"{stem}.overlay.png")));
            var written = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, $"{stem}.json"))).RootElement;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(result.GetRawText()), JsonNode.Parse(written.GetRawText())), $"{stem}.json differs from the printed result");
            Assert.False(written.GetProperty("explanation").TryGetProperty("heatmapPng", out _), "the JSON names no PNG bytes; they are files beside it");
        }
    }

    [Fact]
    public async Task The_table_shows_the_top_finding_the_ensemble_and_the_uncertainty()
    {
        var ct = Sample(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);
        var golden = DemoModelSamples.GoldenProbabilities(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);
        var top = golden.MaxBy(p => p.Value);

        var (code, stdout, stderr) = await RunAsync("infer", ct, "--ensemble", "--uncertainty", "8", "--cam", "gradcam++");

        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("FILE", lines[0], StringComparison.Ordinal);
        Assert.Contains($"{top.Key} {top.Value:F3}", lines[1], StringComparison.Ordinal);
        Assert.Contains($"{top.Key}={top.Value:F3}±0.000", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"\d\.\d{4}$", lines[1]);
    }

    [Fact]
    public async Task A_file_no_model_can_take_is_reported_by_name_and_the_others_still_run()
    {
        var ct = Sample(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage);
        var chest = Sample(DemoModelSamples.ChestModel, DemoModelSamples.ChestNodule);
        var plan = "/usr/lib/python3/dist-packages/pydicom/data/test_files/rtplan.dcm";

        var (code, stdout, stderr) = await RunAsync("infer", ct, chest, plan, "--model", DemoModelSamples.ChestModel, "--json", "--cam", "none");

        Assert.Equal(2, code);
        Assert.Contains($"error: {Path.GetFileName(ct)}: Model '{DemoModelSamples.ChestModel}' serves CR/DX images; this image's Modality (0008,0060) is CT", stderr, StringComparison.Ordinal);
        Assert.Contains("error: rtplan.dcm: The object has no usable image", stderr, StringComparison.Ordinal);
        var result = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        DemoModelSamples.AssertGoldenProbabilities(DemoModelSamples.ChestModel, DemoModelSamples.ChestNodule, Findings(result));
    }

    [Theory]
    [InlineData("--cam", "saliency", "--cam 'saliency' is not one of gradcam, gradcam++")]
    [InlineData("--uncertainty", "1", "Monte Carlo dropout needs at least 2 samples")]
    [InlineData("--model", "no-such-model", "No model 'no-such-model'")]
    public async Task Bad_options_fail_with_one_line_on_stderr(string option, string value, string message)
    {
        var (code, _, stderr) = await RunAsync("infer", Sample(DemoModelSamples.HeadCtModel, DemoModelSamples.HeadCtHemorrhage), option, value);

        Assert.NotEqual(0, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    private string Sample(string modelId, string sample)
    {
        var path = Path.Combine(_folder, sample + ".dcm");
        DemoModelSamples.WriteDicom(modelId, sample, path);
        return path;
    }

    private static IEnumerable<(string Label, float Probability)> Findings(JsonElement result) =>
        result.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("label").GetString()!, f.GetProperty("probability").GetSingle()));

    private static (int Width, int Height) PngSize(string path)
    {
        var png = File.ReadAllBytes(path);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
