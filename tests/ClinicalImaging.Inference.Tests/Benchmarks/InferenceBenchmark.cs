#:project ../../../src/ClinicalImaging.Infrastructure/ClinicalImaging.Infrastructure.csproj
#:property TargetFramework=net10.0
#:property Optimize=true
#:property PublishAot=false

// Inference latency: ORT run of a demo model at batch 1, 8 and 32, alone and with closed-form Grad-CAM
// (features output + weighted sum + ReLU/min-max/upsampling per image), through RegisteredModel.Run and the CAM
// functions the inference engine calls (outputs written by ORT into pooled buffers). A file-based program runs from a cache
// folder, so name the library and the models explicitly. From the repository root (arguments: Inference:Threading's
// IntraOpThreads, default 1, and ParallelRuns, default 1: one run per batch):
//   CLINICALIMAGING_ONNXRUNTIME_PATH=$PWD/.tools/onnxruntime CLINICALIMAGING_MODELS_DIR=$PWD/models \
//     dotnet run -c Release tests/ClinicalImaging.Inference.Tests/Benchmarks/InferenceBenchmark.cs 1 2
// Prints a Markdown table for docs/benchmarks.md. Not part of the test suite: tests never assert on wall time.
using System.Diagnostics;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference;
using ClinicalImaging.Infrastructure.Inference.Explainability;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using ClinicalImaging.Infrastructure.Inference.Registry;
using Microsoft.Extensions.Logging.Abstractions;

// Warm-up: at least 5 runs and half a second, so that .NET has tiered the CAM code up to optimised code (as in a
// server after its first requests) before timing starts.
const int WarmUp = 5;
var warmUpTime = TimeSpan.FromSeconds(0.5);
const int Runs = 50;
int[] BatchSizes = [1, 8, 32];
var threading = new InferenceThreadingOptions
{
    IntraOpThreads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1,
    ParallelRuns = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1,
};
using var environment = OnnxRuntimeEnvironment.Create(new() { SharedThreadPools = threading.ThreadPools() });
var parallelRuns = threading.ResolveParallelRuns();
using var registry = new OnnxModelRegistry(environment, new ModelRegistryOptions(), NullLogger<OnnxModelRegistry>.Instance, parallelRuns: parallelRuns);
Console.WriteLine(
    $"ORT {environment.RuntimeVersion}, {threading.IntraOpThreads} intra-op threads, {parallelRuns} parallel runs, {Environment.ProcessorCount} logical CPUs, " +
    $"{Runs} runs after {WarmUp} warm-up runs (at least {warmUpTime.TotalSeconds} s): median (minimum)");
Console.WriteLine();
Console.WriteLine("| Model | Batch | Inference ms / batch | Images/s (median) | Inference + Grad-CAM ms / batch | Overhead (median, minimum) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var model in registry.Models.Select(m => registry.Resolve(m.Id)))
{
    var layer = model.Manifest.Cam!.TargetLayers.First(l => l.ExactGradient).Output;
    foreach (var batch in BatchSizes)
    {
        var random = new Random(batch);
        var input = new float[batch * model.InputChannels * model.InputSize * model.InputSize];
        foreach (ref var v in input.AsSpan())
        {
            v = (float)((random.NextDouble() * 2) - 1);
        }

        var images = new DenseTensor<float>(input, batch, model.InputChannels, model.InputSize, model.InputSize);
        string[] logitsOnly = [model.Manifest.Outputs.Logits];
        string[] withFeatures = [model.Manifest.Outputs.Logits, layer];
        var inference = Measure(() => model.Run(images, stochastic: false, logitsOnly, CancellationToken.None).Dispose());
        var explained = Measure(() =>
        {
            using var outputs = model.Run(images, stochastic: false, withFeatures, CancellationToken.None);
            var features = outputs[layer];
            var logits = outputs[model.Manifest.Outputs.Logits];
            var (c, h, w) = ((int)features.Shape[1], (int)features.Shape[2], (int)features.Shape[3]);
            void Explain(int n)
            {
                var target = ArgMax(logits.Span.Slice(n * model.LabelCount, model.LabelCount));
                var raw = CamWeights.ClosedForm(CamMethod.GradCam, features.Span.Slice(n * c * h * w, c * h * w), c, h, w, model.ClassifierWeight.AsSpan(target * c, c));
                CamPostProcessing.ScaleToInput(raw, h, w, model.InputSize);
            }

            // The engine explains one image per request, so concurrent requests do their CAM maths on as many cores as
            // there are parallel runs; a batch's maps are spread the same way (one image: on the calling thread).
            if (batch == 1 || parallelRuns == 1)
            {
                for (int n = 0; n < batch; n++)
                {
                    Explain(n);
                }
            }
            else
            {
                Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = parallelRuns }, Explain);
            }
        });
        Console.WriteLine(
            $"| {model.Id} | {batch} | {inference.Median:F2} ({inference.Minimum:F2}) | {batch * 1000 / inference.Median:F0} | " +
            $"{explained.Median:F2} ({explained.Minimum:F2}) | {explained.Median / inference.Median:F2}x, {explained.Minimum / inference.Minimum:F2}x |");
    }
}

static int ArgMax(ReadOnlySpan<float> values)
{
    var best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        best = values[i] > values[best] ? i : best;
    }

    return best;
}

(double Median, double Minimum) Measure(Action action)
{
    var warmUpStart = Stopwatch.GetTimestamp();
    for (int i = 0; i < WarmUp || Stopwatch.GetElapsedTime(warmUpStart) < warmUpTime; i++)
    {
        action();
    }

    var times = new double[Runs];
    for (int i = 0; i < Runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    return (times[Runs / 2], times[0]);
}
