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

Console.WriteLine($"Corpus: {files.Length} files read by both, {totalBytes / 1024.0:F0} KiB; {Rounds} rounds, from memory (page cache) for every reader.");
Console.WriteLine();
Console.WriteLine("| Reader | Files/s | MB/s | Allocated per file |");
Console.WriteLine("|---|---:|---:|---:|");
Ours("ClinicalImaging.Dicom, header only (stop before Pixel Data)", DicomReadOptions.HeaderOnly);
Ours("ClinicalImaging.Dicom, full read", DicomReadOptions.Default);
Pydicom("pydicom 2.3 dcmread(stop_before_pixels=True)", "True");
Pydicom("pydicom 2.3 dcmread (full)", "False");
Dcmdump();
Console.WriteLine();
FrameDecode();

void Ours(string label, DicomReadOptions options)
{
    for (var warm = 0; warm < 15; warm++)
    {
        ParseAll(options);
    }

    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var round = 0; round < Rounds; round++)
    {
        ParseAll(options);
    }

    watch.Stop();
    var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(Rounds * files.Length);
    Row(label, watch.Elapsed.TotalSeconds, $"{allocated / 1024:F1} KiB");
}

void ParseAll(DicomReadOptions options)
{
    foreach (var bytes in contents)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var file = DicomFile.Open(stream, options);
    }
}

void Pydicom(string label, string stopBeforePixels)
{
    var seconds = double.Parse(RunPython($$"""
import io, sys, time, pydicom
contents = [open(f, "rb").read() for f in sys.argv[1:]]
for _ in range(3):
    for c in contents: pydicom.dcmread(io.BytesIO(c), stop_before_pixels={{stopBeforePixels}})
start = time.perf_counter()
for _ in range({{Rounds}}):
    for c in contents: pydicom.dcmread(io.BytesIO(c), stop_before_pixels={{stopBeforePixels}})
print(time.perf_counter() - start)
""", files), System.Globalization.CultureInfo.InvariantCulture);
    Row(label, seconds, "n/a");
}

void Dcmdump()
{
    // One dcmdump process reads every file of a round (process start-up counted once per round, not per file).
    var watch = Stopwatch.StartNew();
    for (var round = 0; round < Rounds; round++)
    {
        Run("dcmdump", ["-q", "+E", .. files]);
    }

    Row("dcmtk 3.6.7 dcmdump -q (one process per round, output discarded)", watch.Elapsed.TotalSeconds, "n/a");
}

void Row(string label, double seconds, string allocated)
{
    var filesPerSecond = Rounds * files.Length / seconds;
    var megabytesPerSecond = Rounds * totalBytes / seconds / 1e6;
    Console.WriteLine($"| {label} | {filesPerSecond:F0} | {megabytesPerSecond:F1} | {allocated} |");
}

void FrameDecode()
{
    var description = new PixelDataDescription(512, 512, 16, 12, 11, PixelRepresentation.Signed);
    var native = new byte[description.NativeFrameByteLength];
    Random.Shared.NextBytes(native);
    var copy = new byte[native.Length];
    const int Iterations = 2000;
    for (var i = 0; i < 200; i++)
    {
        using var warm = NativeFrameDecoder.Decode(native, description, 0);
        native.AsSpan().CopyTo(copy);
    }

    var decode = Stopwatch.StartNew();
    for (var i = 0; i < Iterations; i++)
    {
        using var frame = NativeFrameDecoder.Decode(native, description, 0);
    }

    decode.Stop();
    var memcpy = Stopwatch.StartNew();
    for (var i = 0; i < Iterations; i++)
    {
        native.AsSpan().CopyTo(copy);
    }

    memcpy.Stop();
    Console.WriteLine("| Native frame 512 x 512, 16 bits allocated, 12 stored, signed | Time per frame | Ratio |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| memcpy of the frame's bytes | {memcpy.Elapsed.TotalMilliseconds * 1000 / Iterations:F1} µs | 1.0× |");
    Console.WriteLine($"| NativeFrameDecoder.Decode (mask to Bits Stored, sign-extend) | {decode.Elapsed.TotalMilliseconds * 1000 / Iterations:F1} µs | {decode.Elapsed.TotalMilliseconds / memcpy.Elapsed.TotalMilliseconds:F1}× |");
}

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
