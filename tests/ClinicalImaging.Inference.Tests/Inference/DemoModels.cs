using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Infrastructure.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Preprocessing;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace ClinicalImaging.Inference.Tests.Inference;

/// <summary>
/// The demonstration models of the models folder (CLINICALIMAGING_MODELS_DIR, else the repository's models/), loaded
/// once through the registry, and the numpy/torch oracle (inference_oracle.py) that gives the expected values.
/// </summary>
public sealed class DemoModels : IDisposable
{
    public const string ChestModel = "cxr-findings-demo";
    public const string ChestDenseNetModel = "cxr-findings-densenet-demo";
    public const string HeadCtModel = "ct-head-hemorrhage-demo";
    public const string BrainMrModel = "mr-brain-mass-demo";
    private const string Python = "/usr/bin/python3";
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public DemoModels()
    {
        ModelsDirectory = new ModelRegistryOptions().ResolveDirectory();
        OracleDirectory = Directory.CreateTempSubdirectory("clinicalimaging-inference-tests-").FullName;
        Environment = OnnxRuntimeEnvironment.Create(new OnnxRuntimeEnvironmentOptions
        {
            // The test machine is small and shared: one intra-op thread, and no spinning while idle.
            SharedThreadPools = new OnnxThreadPoolOptions { IntraOpThreadCount = 1, InterOpThreadCount = 1, AllowSpinning = false },
        });
        // Batches of two or more images run as concurrent sub-batches (three: uneven splits of most batch sizes).
        Registry = new OnnxModelRegistry(
            Environment, new ModelRegistryOptions { Directory = ModelsDirectory }, NullLogger<OnnxModelRegistry>.Instance, parallelRuns: ParallelRuns);
        Engine = new OnnxRuntimeInferenceEngine(Registry, new InferenceEngineOptions());
        RunOracle("preprocess", ModelsDirectory, OracleDirectory);
    }

    public const int ParallelRuns = 3;

    public string ModelsDirectory { get; }

    /// <summary>Where the oracle writes; one folder per test run.</summary>
    public string OracleDirectory { get; }

    public OnnxRuntimeEnvironment Environment { get; }

    public OnnxModelRegistry Registry { get; }

    public OnnxRuntimeInferenceEngine Engine { get; }

    public static string[] Models => [ChestModel, ChestDenseNetModel, HeadCtModel, BrainMrModel];

    /// <summary>The cases of a model's samples/ folder.</summary>
    public IReadOnlyList<string> Samples(string modelId) =>
        Directory.EnumerateFiles(Path.Combine(ModelsDirectory, modelId, "samples"), "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToArray()!;

    /// <summary>A sample's stored pixels decoded by our native codec and put through its Modality LUT.</summary>
    public InferenceImage LoadSample(string modelId, string sampleName)
    {
        var folder = Path.Combine(ModelsDirectory, modelId, "samples");
        var sample = JsonSerializer.Deserialize<SampleDescription>(File.ReadAllText(Path.Combine(folder, sampleName + ".json")), s_json)!;
        var description = new PixelDataDescription(
            sample.Rows, sample.Columns, sample.BitsAllocated, sample.BitsStored, sample.HighBit,
            (PixelRepresentation)sample.PixelRepresentation, 1, PhotometricInterpretationCodes.Parse(sample.PhotometricInterpretation));
        var bytes = File.ReadAllBytes(Path.Combine(folder, sample.Pixels.File));
        using var frame = PixelCodecRegistry.CreateDefault().GetCodec(ExplicitVrLittleEndian).Decode(bytes, description, 0);
        var descriptor = Registry.Get(modelId);
        return InferenceImageFactory.FromFrame(
            frame, ModalityTransform.Rescale(sample.RescaleSlope, sample.RescaleIntercept), descriptor.Modalities[0], descriptor.BodyParts[0]);
    }

    /// <summary>The numpy reference tensor of a sample (channels x size x size).</summary>
    public float[] ReferenceInput(string modelId, string sampleName) => ReadFloats(Path.Combine(OracleDirectory, modelId, sampleName + ".f32"));

    public static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    public string ModelFile(string modelId, params string[] parts) => Path.Combine([ModelsDirectory, modelId, .. parts]);

    public static void RunOracle(params string[] arguments)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Inference", "inference_oracle.py");
        var start = new ProcessStartInfo(Python, [script, .. arguments]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"inference_oracle.py {arguments[0]} failed ({process.ExitCode}); it needs {Python} with numpy and torch: {errors.Result}");
        }
    }

    public void Dispose()
    {
        Registry.Dispose();
        Environment.Dispose();
        Directory.Delete(OracleDirectory, recursive: true);
    }

    private sealed record SampleDescription(
        SamplePixels Pixels, int Rows, int Columns, int BitsAllocated, int BitsStored, int HighBit, int PixelRepresentation,
        string PhotometricInterpretation, double RescaleSlope, double RescaleIntercept);

    private sealed record SamplePixels(string File, string Dtype);
}

/// <summary>
/// Not parallel with other collections: ORT has one environment per process, and the binding tests
/// (OnnxRuntimeCollection) must create it themselves with their recording logger and thread-pool settings; xUnit runs
/// this collection after the parallel ones, once their environment is released.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoModelsCollection : ICollectionFixture<DemoModels>
{
    public const string Name = "Demo models";
}
