using System.Diagnostics;
using System.Text.Json;
using ClinicalImaging.Dicom.Imaging;

namespace ClinicalImaging.Dicom.Tests.Imaging;

/// <summary>
/// Runs oracle/pixel_oracle.py (pydicom 2.3 under Debian's /usr/bin/python3) once over a set of pydicom
/// test files and serves what it wrote: the raw pixel bytes our code decodes and pydicom's own results.
/// Linked into the GDCM tests too, so both suites use one oracle.
/// </summary>
public abstract class PydicomOracle : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _directory = Directory.CreateTempSubdirectory("pixel-oracle-").FullName;

    protected PydicomOracle(IEnumerable<string> files, IEnumerable<string> palettes)
    {
        string paletteList = string.Join(',', palettes);
        Run(paletteList.Length == 0 ? ["dump", _directory, .. files] : ["dump", _directory, "--palettes", paletteList, .. files]);
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "oracle", "pixel_oracle.py");

    public OracleCase Case(string file) =>
        new(Path.Combine(_directory, Path.GetFileNameWithoutExtension(file)));

    /// <summary>Decodes RLE frames with pydicom's decoder (one Python run); samples interleaved, little endian.</summary>
    public IReadOnlyList<byte[]> DecodeRleWithPydicom(IReadOnlyList<RleFrameToDecode> frames)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_directory, Path.GetRandomFileName())).FullName;
        var manifest = frames.Select((frame, index) =>
        {
            File.WriteAllBytes(Path.Combine(directory, $"in_{index}"), frame.Data);
            return new { input = $"in_{index}", output = $"out_{index}", rows = frame.Rows, columns = frame.Columns, samples = frame.Samples, bits = frame.Bits };
        }).ToList();
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest));
        Run(["rle-decode", directory]);
        return [.. manifest.Select(entry => File.ReadAllBytes(Path.Combine(directory, entry.output)))];
    }

    /// <summary>A well-known palette dumped at start-up, as stored, and pydicom's mapping of indices 0..255.</summary>
    public OraclePalette Palette(string name) => new(Path.Combine(_directory, "palette-" + name));

    /// <summary>pydicom's convert_color_space YBR_FULL → RGB of interleaved 8-bit samples.</summary>
    public byte[] ConvertYbrWithPydicom(byte[] ybr) =>
        RunWithFiles(ybr, (input, output) => ["ybr-to-rgb", input, output]);

    /// <summary>
    /// Checks each PNG's chunk CRCs with Python's zlib and decodes it with Pillow (one Python run):
    /// the chunk types in order, Pillow's mode, and the pixels (16-bit little endian).
    /// </summary>
    public IReadOnlyList<(string[] Chunks, string Mode, int Width, int Height, byte[] Pixels)> CheckPngs(IReadOnlyList<byte[]> pngs)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_directory, Path.GetRandomFileName())).FullName;
        for (int i = 0; i < pngs.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"image_{i:D3}.png"), pngs[i]);
        }

        Run(["png-check", directory]);
        return [.. pngs.Select((_, i) =>
        {
            string stem = Path.Combine(directory, $"image_{i:D3}");
            var meta = JsonDocument.Parse(File.ReadAllBytes(stem + ".json")).RootElement;
            return (
                meta.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToArray(),
                meta.GetProperty("mode").GetString()!,
                meta.GetProperty("width").GetInt32(),
                meta.GetProperty("height").GetInt32(),
                File.ReadAllBytes(stem + ".raw"));
        })];
    }

    /// <summary>
    /// Maps <paramref name="values"/> through a Modality ("modality") or VOI ("voi") LUT Sequence item with
    /// pydicom's apply_modality_lut / apply_voi; the LUT Data is given as 16-bit little-endian words.
    /// </summary>
    public IReadOnlyList<int[]> ApplyLutsWithPydicom(IReadOnlyList<(string Kind, int[] Descriptor, byte[] Data, int[] Values)> luts)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_directory, Path.GetRandomFileName())).FullName;
        var manifest = luts.Select((lut, i) =>
        {
            File.WriteAllBytes(Path.Combine(directory, $"data_{i}"), lut.Data);
            File.WriteAllBytes(Path.Combine(directory, $"in_{i}"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(lut.Values.AsSpan()).ToArray());
            return new { kind = lut.Kind, descriptor = lut.Descriptor, data = $"data_{i}", input = $"in_{i}", output = $"out_{i}" };
        }).ToList();
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest));
        Run(["lut", directory]);
        return [.. manifest.Select(entry =>
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(Path.Combine(directory, entry.output))).ToArray())];
    }

    /// <summary>Resizes 8-bit images with Pillow (filter "BOX" or "BILINEAR"), one Python run.</summary>
    public IReadOnlyList<byte[]> ResizeWithPillow(IReadOnlyList<(byte[] Pixels, int Width, int Height, int Channels, int NewWidth, int NewHeight, string Filter)> images)
    {
        string directory = Directory.CreateDirectory(Path.Combine(_directory, Path.GetRandomFileName())).FullName;
        var manifest = images.Select((image, i) =>
        {
            File.WriteAllBytes(Path.Combine(directory, $"in_{i}"), image.Pixels);
            return new
            {
                input = $"in_{i}", output = $"out_{i}", width = image.Width, height = image.Height,
                mode = image.Channels == 1 ? "L" : "RGB", newWidth = image.NewWidth, newHeight = image.NewHeight, filter = image.Filter,
            };
        }).ToList();
        File.WriteAllText(Path.Combine(directory, "manifest.json"), JsonSerializer.Serialize(manifest));
        Run(["resize", directory]);
        return [.. manifest.Select(entry => File.ReadAllBytes(Path.Combine(directory, entry.output)))];
    }

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    private byte[] RunWithFiles(byte[] input, Func<string, string, string[]> arguments)
    {
        string inputPath = Path.Combine(_directory, Path.GetRandomFileName());
        string outputPath = Path.Combine(_directory, Path.GetRandomFileName());
        File.WriteAllBytes(inputPath, input);
        Run(arguments(inputPath, outputPath));
        return File.ReadAllBytes(outputPath);
    }

    private static void Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pixel_oracle.py failed ({process.ExitCode}): {stderr}");
        }
    }
}

public sealed record RleFrameToDecode(byte[] Data, int Rows, int Columns, int Samples, int Bits);

/// <summary>What the oracle wrote for one file.</summary>
public sealed class OracleCase
{
    private readonly string _directory;

    public OracleCase(string directory)
    {
        _directory = directory;
        Meta = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "meta.json"))).RootElement;
    }

    public JsonElement Meta { get; }

    public bool BigEndian => Meta.GetProperty(nameof(BigEndian)).GetBoolean();

    public string TransferSyntaxUid => Meta.GetProperty(nameof(TransferSyntaxUid)).GetString()!;

    public PixelDataDescription Description => new(
        Int("Rows"),
        Int("Columns"),
        Int("BitsAllocated"),
        Int("BitsStored"),
        Int("HighBit"),
        (PixelRepresentation)Int("PixelRepresentation"),
        Int("SamplesPerPixel"),
        PhotometricInterpretationCodes.Parse(Meta.GetProperty("PhotometricInterpretation").GetString()!),
        (PlanarConfiguration)Int("PlanarConfiguration"),
        Int("NumberOfFrames"));

    public double? RescaleSlope => NullableDouble("RescaleSlope");

    public double? RescaleIntercept => NullableDouble("RescaleIntercept");

    public byte[] PixelData => File.ReadAllBytes(Path.Combine(_directory, "pixeldata.bin"));

    public byte[] Frame(int index) => File.ReadAllBytes(Path.Combine(_directory, $"frame_{index}.bin"));

    /// <summary>pydicom's pixel_array for frame <paramref name="index"/>, as little-endian bytes.</summary>
    public byte[] ExpectedFrame(int index)
    {
        if (Meta.TryGetProperty("ExpectedError", out var error))
        {
            throw new InvalidOperationException($"pydicom could not decode this file: {error.GetString()}");
        }

        byte[] all = File.ReadAllBytes(Path.Combine(_directory, "expected.bin"));
        int frameLength = all.Length / Int("NumberOfFrames");
        return all.AsSpan(index * frameLength, frameLength).ToArray();
    }

    public string ExpectedDtype => Meta.GetProperty(nameof(ExpectedDtype)).GetString()!;

    /// <summary>pydicom's apply_modality_lut over frame 0.</summary>
    public double[] ModalityOutput => ReadDoubles("modality.bin");

    public IReadOnlyList<(double Center, double Width, string Function)> Windows =>
        [.. Meta.GetProperty("windows").EnumerateArray().Select(w => (
            w.GetProperty("Center").GetDouble(),
            w.GetProperty("Width").GetDouble(),
            w.GetProperty("Function").GetString()!))];

    /// <summary>pydicom's apply_windowing of <see cref="ModalityOutput"/> with window <paramref name="index"/>.</summary>
    public double[] VoiOutput(int index) => ReadDoubles($"voi_{index}.bin");

    private int Int(string name) => Meta.GetProperty(name).GetInt32();

    private double? NullableDouble(string name) =>
        Meta.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Meta.GetProperty(name).GetDouble();

    private double[] ReadDoubles(string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_directory, file));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }
}

/// <summary>What the oracle wrote for one well-known palette.</summary>
public sealed class OraclePalette(string directory)
{
    private readonly JsonElement _meta =
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "meta.json"))).RootElement;

    public bool Segmented => _meta.GetProperty(nameof(Segmented)).GetBoolean();

    public int[] Descriptor(string channel) =>
        [.. _meta.GetProperty(channel).EnumerateArray().Select(v => v.GetInt32())];

    public byte[] Data(string channel) => File.ReadAllBytes(Path.Combine(directory, channel.ToLowerInvariant() + ".bin"));

    public string MappedDtype => _meta.GetProperty(nameof(MappedDtype)).GetString()!;

    /// <summary>pydicom's apply_color_lut of indices 0..255: R G B per index, entries as stored.</summary>
    public byte[] Mapped => File.ReadAllBytes(Path.Combine(directory, "mapped.bin"));
}
