#:project ../../../../src/ClinicalImaging.Dicom/ClinicalImaging.Dicom.csproj
#:property TargetFramework=net10.0
#:property Optimize=true
#:property PublishAot=false

// Pixel pipeline micro-benchmark: decode, render, resize and PNG-encode one 512 x 512 16-bit frame.
// Run from the repository root:
//   dotnet run -c Release tests/ClinicalImaging.Dicom.Tests/Imaging/Benchmarks/PixelPipelineBenchmark.cs
// Prints a Markdown table (median of the timed runs after warm-up, and bytes allocated per operation)
// for docs/benchmarks.md. Not part of the test suite: tests never assert on wall time.
using System.Buffers.Binary;
using System.Diagnostics;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;

const int Size = 512;
var description = new PixelDataDescription(Size, Size, 16, 12, 11, PixelRepresentation.Signed);
byte[] native = SyntheticCtSlice(description);
using var decoded = NativeFrameDecoder.Decode(native, description, 0);
byte[] rle = RleCodec.Encode(decoded);
var options = new RenderOptions
{
    Modality = ModalityTransform.Rescale(1, -1024),
    Window = new VoiWindow(40, 400),
};
var rendered = FrameRenderer.Render(decoded, options);
byte[] renderTarget = new byte[Size * Size];

var results = new List<(string Name, double Milliseconds, long Bytes)>
{
    Measure("Native decode (16-bit signed, mask + sign-extend)", () => NativeFrameDecoder.Decode(native, description, 0).Dispose()),
    Measure($"RLE decode ({rle.Length / 1024} KiB frame)", () => RleCodec.Decode(rle, description).Dispose()),
    Measure("RLE encode", () => RleCodec.Encode(decoded)),
    Measure("Render: rescale + window to 8-bit (new image)", () => FrameRenderer.Render(decoded, options)),
    Measure("Render into a caller's buffer", () => FrameRenderer.Render(decoded, options, renderTarget)),
    Measure("Render with automatic 0.5-99.5 % window", () => FrameRenderer.Render(decoded, options with { Window = null, AutoWindow = AutoWindow.Robust })),
    Measure("Thumbnail 128 x 128 (area average)", () => ImageResizer.Fit(rendered, 128, 128)),
    Measure("PNG encode 8-bit gray (Fastest)", () => PngEncoder.Encode(rendered)),
    Measure("Decode + render + PNG, end to end", () =>
    {
        using var frame = NativeFrameDecoder.Decode(native, description, 0);
        PngEncoder.Encode(FrameRenderer.Render(frame, options));
    }),
};

Console.WriteLine($"| Operation ({Size} x {Size}, 12 bits stored) | Median | Allocated per op |");
Console.WriteLine("|---|---:|---:|");
foreach (var (name, milliseconds, bytes) in results)
{
    Console.WriteLine($"| {name} | {milliseconds:F2} ms | {bytes / 1024.0:F0} KiB |");
}

static (string, double, long) Measure(string name, Action action)
{
    for (int i = 0; i < 20; i++)
    {
        action();
    }

    const int Runs = 50;
    var times = new double[Runs];
    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    for (int i = 0; i < Runs; i++)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    long allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / Runs;
    Array.Sort(times);
    return (name, times[Runs / 2], allocated);
}

// A disc of soft tissue (~40 HU) with noise inside air (-1000 HU), stored with intercept -1024.
static byte[] SyntheticCtSlice(PixelDataDescription description)
{
    var random = new Random(512);
    byte[] data = new byte[description.NativeFrameByteLength];
    int half = description.Columns / 2;
    for (int y = 0; y < description.Rows; y++)
    {
        for (int x = 0; x < description.Columns; x++)
        {
            int dx = x - half;
            int dy = y - half;
            bool inside = (dx * dx) + (dy * dy) < (half - 20) * (half - 20);
            int hu = inside ? 40 + random.Next(-30, 30) + (x / 16) : -1000 + random.Next(-5, 5);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(((y * description.Columns) + x) * 2), (short)(hu + 1024));
        }
    }

    return data;
}
