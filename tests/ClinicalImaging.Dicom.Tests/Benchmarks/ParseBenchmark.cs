#:project ../../../src/ClinicalImaging.Dicom/ClinicalImaging.Dicom.csproj
#:property TargetFramework=net10.0
#:property Optimize=true
#:property PublishAot=false

// DICOM parse benchmark, side by side on the same files and machine: our reader (header-only and full) against
// pydicom's dcmread (stop_before_pixels=True and full) and dcmtk's dcmdump, plus native frame decode against a
// plain memory copy. Run from the repository root:
//   dotnet run -c Release tests/ClinicalImaging.Dicom.Tests/Benchmarks/ParseBenchmark.cs
// Prints Markdown rows for docs/benchmarks.md. Not part of the test suite: tests never assert on wall time.
using System.Diagnostics;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.IO;

const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
const int Rounds = 20;
const int Repetitions = 5;

// The files every reader here accepts: ours, and pydicom (checked by the python side below).
var files = Directory.GetFiles(Corpus, "*.dcm").Order(StringComparer.Ordinal)
    .Where(f => { try { using var _ = DicomFile.Open(f); return true; } catch (DicomException) { return false; } })
    .ToArray();
var accepted = RunPython("""
import sys, pydicom
ok = []
for f in sys.argv[1:]:
    try:
        pydicom.dcmread(f); ok.append(f)
    except Exception:
        pass
print("\n".join(ok))
""", files).Split('\n', StringSplitOptions.RemoveEmptyEntries);
files = files.Intersect(accepted).ToArray();
var totalBytes = files.Sum(f => new FileInfo(f).Length);
var contents = files.Select(File.ReadAllBytes).ToArray();

Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, load average before: {LoadAverage()}");
Console.WriteLine($"Corpus: {files.Length} files read by both, {totalBytes / 1024.0:F0} KiB; {Rounds} rounds per measurement, from memory (page cache) for every reader;");
Console.WriteLine($"the readers run back to back, {Repetitions} times; each cell is the median of the {Repetitions} (min–max in brackets).");
Console.WriteLine();

// Tiered JIT: warm our reader up for a fixed time rather than a count, so the timed code is the optimised tier
// even when other processes hold the CPUs.
WarmUp(DicomReadOptions.HeaderOnly);
WarmUp(DicomReadOptions.Default);
var results = new Dictionary<string, List<double>>();
var allocations = new Dictionary<string, string>();
string[] labels =
[
    "ClinicalImaging.Dicom, header only (stop before Pixel Data)",
    "ClinicalImaging.Dicom, full read",
    "pydicom 2.3 dcmread(stop_before_pixels=True)",
    "pydicom 2.3 dcmread (full)",
    "dcmtk 3.6.7 dcmdump -q (one process per round, output discarded)",
];
for (var repetition = 0; repetition < Repetitions; repetition++)
{
    Record(labels[0], Ours(DicomReadOptions.HeaderOnly, out var headerAllocated));
    allocations[labels[0]] = headerAllocated;
    Record(labels[1], Ours(DicomReadOptions.Default, out var fullAllocated));
    allocations[labels[1]] = fullAllocated;
    Record(labels[2], Pydicom("True"));
    Record(labels[3], Pydicom("False"));
    Record(labels[4], Dcmdump());
}

Console.WriteLine("| Reader | Files/s | MB/s | Allocated per file, mean (median) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var label in labels)
{
    var filesPerSecond = results[label].Select(seconds => Rounds * files.Length / seconds).Order().ToArray();
    string Cell(double scale, string format) =>
        $"{(filesPerSecond[Repetitions / 2] * scale).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ({(filesPerSecond[0] * scale).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{(filesPerSecond[^1] * scale).ToString(format, System.Globalization.CultureInfo.InvariantCulture)})";
    Console.WriteLine($"| {label} | {Cell(1, "F0")} | {Cell(totalBytes / (double)files.Length / 1e6, "F1")} | {allocations.GetValueOrDefault(label, "n/a")} |");
}

// Speed-ups within one repetition (the readers ran seconds apart, so they saw about the same load).
Console.WriteLine();
Ratio("Header only: ours ÷ pydicom stop_before_pixels", labels[2], labels[0]);
Ratio("Header only: ours ÷ dcmdump", labels[4], labels[0]);
Ratio("Full read: ours ÷ pydicom", labels[3], labels[1]);
Console.WriteLine();
FrameDecode();
Console.WriteLine();
Console.WriteLine($"Load average after: {LoadAverage()}");

void Ratio(string title, string slower, string faster)
{
    var ratios = results[slower].Zip(results[faster], (s, f) => s / f).Order().ToArray();
    Console.WriteLine($"{title}: {ratios[Repetitions / 2]:F1}× (min {ratios[0]:F1}×, max {ratios[^1]:F1}×)");
}

void Record(string label, double seconds)
{
    if (!results.TryGetValue(label, out var list))
    {
        results[label] = list = [];
    }

    list.Add(seconds);
}

void WarmUp(DicomReadOptions options)
{
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(3))
    {
        ParseAll(options);
    }
}

double Ours(DicomReadOptions options, out string allocatedPerFile)
{
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var round = 0; round < Rounds; round++)
    {
        ParseAll(options);
    }

    watch.Stop();
    var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(Rounds * files.Length);
    allocatedPerFile = $"{allocated / 1024:F1} KiB ({MedianAllocation(options) / 1024:F1} KiB)";
    return watch.Elapsed.TotalSeconds;
}

// The mean is dominated by the few files with large header values (an ECG's waveform); the median shows a typical file.
double MedianAllocation(DicomReadOptions options)
{
    var perFile = contents.Select(bytes =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var stream = new MemoryStream(bytes, writable: false);
        using var file = DicomFile.Open(stream, options);
        return (double)(GC.GetAllocatedBytesForCurrentThread() - before);
    }).Order().ToArray();
    return perFile[perFile.Length / 2];
}

void ParseAll(DicomReadOptions options)
{
    foreach (var bytes in contents)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var file = DicomFile.Open(stream, options);
    }
}

double Pydicom(string stopBeforePixels) => double.Parse(RunPython($$"""
import io, sys, time, pydicom
contents = [open(f, "rb").read() for f in sys.argv[1:]]
for _ in range(3):
    for c in contents: pydicom.dcmread(io.BytesIO(c), stop_before_pixels={{stopBeforePixels}})
start = time.perf_counter()
for _ in range({{Rounds}}):
    for c in contents: pydicom.dcmread(io.BytesIO(c), stop_before_pixels={{stopBeforePixels}})
print(time.perf_counter() - start)
""", files), System.Globalization.CultureInfo.InvariantCulture);

double Dcmdump()
{
    // One dcmdump process reads every file of a round (process start-up counted once per round, not per file).
    var watch = Stopwatch.StartNew();
    for (var round = 0; round < Rounds; round++)
    {
        Run("dcmdump", ["-q", "+E", .. files]);
    }

    return watch.Elapsed.TotalSeconds;
}

void FrameDecode()
{
    var description = new PixelDataDescription(512, 512, 16, 12, 11, PixelRepresentation.Signed);
    var native = new byte[description.NativeFrameByteLength];
    Random.Shared.NextBytes(native);
    var copy = new byte[native.Length];
    const int Iterations = 2000;
    var warm = Stopwatch.StartNew();
    while (warm.Elapsed < TimeSpan.FromSeconds(2))
    {
        using var frame = NativeFrameDecoder.Decode(native, description, 0);
        native.AsSpan().CopyTo(copy);
    }

    var decodeTimes = new List<double>();
    var copyTimes = new List<double>();
    for (var repetition = 0; repetition < Repetitions; repetition++)
    {
        var decode = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            using var frame = NativeFrameDecoder.Decode(native, description, 0);
        }

        decodeTimes.Add(decode.Elapsed.TotalMilliseconds * 1000 / Iterations);
        var memcpy = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            native.AsSpan().CopyTo(copy);
        }

        copyTimes.Add(memcpy.Elapsed.TotalMilliseconds * 1000 / Iterations);
    }

    var ratios = decodeTimes.Zip(copyTimes, (d, c) => d / c).Order().ToArray();
    double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    Console.WriteLine($"| Native frame 512 x 512, 16 bits allocated, 12 stored, signed (median of {Repetitions}) | Time per frame | Ratio (min–max) |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| memcpy of the frame's bytes | {Median(copyTimes):F1} µs | 1.0× |");
    Console.WriteLine($"| NativeFrameDecoder.Decode (mask to Bits Stored, sign-extend) | {Median(decodeTimes):F1} µs | {ratios[Repetitions / 2]:F2}× ({ratios[0]:F2}–{ratios[^1]:F2}) |");
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string RunPython(string script, string[] arguments) => Run("/usr/bin/python3", ["-c", script, .. arguments]);

static string Run(string program, string[] arguments)
{
    var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEndAsync();
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    _ = errors.Result;
    return output;
}
