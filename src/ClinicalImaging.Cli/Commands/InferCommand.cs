using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;
using ClinicalImaging.Infrastructure.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg infer FILE... [--model ID|auto] [--cam METHOD|none] [--target LABEL] [--ensemble] [--uncertainty N]
/// [--out DIR] [--json]</c>: the models of the models folder run locally (no server) on each file's frame; a table (or
/// JSON) on standard output and, with <c>--out</c>, per file <c>NAME.json</c>, <c>NAME.heatmap.png</c> and
/// <c>NAME.overlay.png</c>. A file that cannot be analysed is reported on standard error and the others go on (exit 2).
/// </summary>
internal static class InferCommand
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "DICOM files with a grayscale image", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model") { Description = "A model id, or auto to choose by Modality and Body Part Examined", DefaultValueFactory = _ => AnalysisOptions.AutomaticModel };
        var cam = new Option<string>("--cam") { Description = $"Explanation method: {string.Join(", ", CamMethodParser.All)} or none", DefaultValueFactory = _ => "gradcam" };
        var target = new Option<string?>("--target") { Description = "The class to explain (default: the most probable)" };
        var ensemble = new Option<bool>("--ensemble") { Description = "Also average every model that serves the image" };
        var uncertainty = new Option<int?>("--uncertainty") { Description = "Monte Carlo dropout passes (at least 2)" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Folder for NAME.json, NAME.heatmap.png and NAME.overlay.png" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table" };
        var frame = CommonOptions.Frame();
        var alpha = new Option<double>("--alpha") { Description = "Heatmap weight in the overlay, 0..1", DefaultValueFactory = _ => 0.4 };
        var models = new Option<DirectoryInfo?>("--models")
        {
            Description = $"The models folder (default: {ModelRegistryOptions.DirectoryEnvironmentVariable}, else the nearest models/ above the tool)",
        };
        var command = new Command("infer", "Run the ONNX models on DICOM files: findings, CAM heatmaps, ensemble, MC-dropout uncertainty")
        {
            files, model, cam, target, ensemble, uncertainty, output, json, frame, alpha, models,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputFolder = parse.GetValue(output);
            var options = new AnalysisOptions(
                parse.GetValue(model), ParseCam(parse.GetValue(cam)!), parse.GetValue(target), parse.GetValue(ensemble), parse.GetValue(uncertainty),
                RenderImages: outputFolder is not null, parse.GetValue(alpha), parse.GetValue(frame));
            Validate(options);

            var threading = new InferenceThreadingOptions();
            using var environment = OnnxRuntimeEnvironment.Create(new() { SharedThreadPools = threading.ThreadPools() });
            using var registry = new OnnxModelRegistry(
                environment, new ModelRegistryOptions { Directory = parse.GetValue(models)?.FullName }, NullLogger<OnnxModelRegistry>.Instance,
                parallelRuns: threading.ResolveParallelRuns());
            var error = parse.InvocationConfiguration.Error;
            foreach (var rejected in registry.Rejected)
            {
                await error.WriteLineAsync($"warning: {rejected.Message}");
            }

            var analyzer = new ImageAnalyzer(new OnnxRuntimeInferenceEngine(registry, new InferenceEngineOptions()), registry);
            outputFolder?.Create();
            var results = new List<(FileInfo File, ImageAnalysis Analysis)>();
            foreach (var file in parse.GetValue(files)!)
            {
                try
                {
                    var analysis = await AnalyzeAsync(analyzer, file, options, cancellationToken);
                    results.Add((file, outputFolder is null ? analysis : await WriteAsync(outputFolder, file, analysis, cancellationToken)));
                }
                catch (Exception failure) when (failure is DomainException or DicomException or IOException)
                {
                    await error.WriteLineAsync($"error: {file.Name}: {failure.Message}");
                }
            }

            var printed = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await printed.WriteLineAsync(JsonSerializer.Serialize(results.Select(r => r.Analysis), Json));
            }
            else
            {
                await printed.WriteAsync(Table(results));
            }

            return results.Count == parse.GetValue(files)!.Length ? 0 : 2;
        });
        return command;
    }

    private static async Task<ImageAnalysis> AnalyzeAsync(ImageAnalyzer analyzer, FileInfo file, AnalysisOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var dicom = CommonOptions.Open(file, DicomReadOptions.Lazy);
        var image = InferenceImageFactory.FromDicom(dicom, options.Frame, CommonOptions.Codecs);
        var source = ImageAnalyzer.Describe(image, null, dicom.Dataset.GetString(DicomTags.SOPInstanceUID)?.Trim(), file.Name, options.Frame);
        return await analyzer.AnalyzeAsync(image, source, options, Stopwatch.GetElapsedTime(started), cancellationToken);
    }

    /// <summary>Writes the PNGs and the JSON (which names the PNG files instead of carrying them) and returns the analysis without the PNG bytes.</summary>
    private static async Task<ImageAnalysis> WriteAsync(DirectoryInfo folder, FileInfo file, ImageAnalysis analysis, CancellationToken cancellationToken)
    {
        var stem = Path.GetFileNameWithoutExtension(file.Name);
        if (analysis.Explanation is { } explanation)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"{stem}.heatmap.png"), explanation.HeatmapPng!, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, $"{stem}.overlay.png"), explanation.OverlayPng!, cancellationToken);
            analysis = analysis with { Explanation = explanation with { HeatmapPng = null, OverlayPng = null } };
        }

        await File.WriteAllTextAsync(Path.Combine(folder.FullName, $"{stem}.json"), JsonSerializer.Serialize(analysis, Json), cancellationToken);
        return analysis;
    }

    private static string Table(IReadOnlyList<(FileInfo File, ImageAnalysis Analysis)> results)
    {
        string[] header = ["FILE", "MODEL", "TOP FINDING", "POSITIVE", "CAM PEAK (x,y)", "ENSEMBLE", "UNCERTAINTY (MI)"];
        return TextTable.Format(header, results.Select(r => Row(r.File, r.Analysis)));
    }

    private static string[] Row(FileInfo file, ImageAnalysis a)
    {
        var c = CultureInfo.InvariantCulture;
        var positive = a.Findings.Where(f => f.IsPositive).Select(f => f.Label).ToArray();
        var peak = a.Explanation?.Regions is [var strongest, ..] ? $"{a.Explanation.TargetLabel} ({strongest.PeakX},{strongest.PeakY})" : "-";
        var ensemble = a.Ensemble is { } e
            ? string.Join(" ", e.Labels.Select((label, i) => string.Create(c, $"{label}={e.MeanProbabilities[i]:F3}±{e.Disagreement[i]:F3}")))
            : "-";
        var uncertainty = a.Uncertainty is { } u ? string.Join(" ", u.MutualInformation.Select(v => v.ToString("F4", c))) : "-";
        return
        [
            file.Name, $"{a.ModelId} {a.ModelVersion}", string.Create(c, $"{a.TopFinding.Label} {a.TopFinding.Probability:F3}"),
            positive.Length == 0 ? "none" : string.Join(",", positive), peak, ensemble, uncertainty,
        ];
    }

    private static CamMethod? ParseCam(string text) =>
        text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null
        : CamMethodParser.TryParse(text, out var method) ? method
        : throw new InvalidOperationException($"--cam '{text}' is not one of {string.Join(", ", CamMethodParser.All)}, none");

    private static void Validate(AnalysisOptions options)
    {
        var result = new AnalysisOptionsValidator().Validate(options);
        if (!result.IsValid)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
        }
    }
}
