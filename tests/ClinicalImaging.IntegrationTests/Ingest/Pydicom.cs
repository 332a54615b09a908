using System.Diagnostics;
using System.Text.Json;

namespace ClinicalImaging.IntegrationTests.Ingest;

/// <summary>pydicom (Debian's python3-pydicom under /usr/bin/python3) as the independent oracle for what a file holds.</summary>
internal static class Pydicom
{
    public const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    private const string Script = """
        import hashlib, json, sys, pydicom
        out = {}
        for path in sys.argv[1:]:
            try:
                ds = pydicom.dcmread(path, force=True)
                ds.remove_private_tags()
                def get(keyword):
                    value = ds.get(keyword)
                    return None if value is None or str(value).strip() == "" else str(value).strip()
                out[path] = {"readable": True,
                             "SOPClassUID": get("SOPClassUID"), "SOPInstanceUID": get("SOPInstanceUID"),
                             "StudyInstanceUID": get("StudyInstanceUID"), "SeriesInstanceUID": get("SeriesInstanceUID"),
                             "PatientID": get("PatientID"), "HasPatientID": "PatientID" in ds, "Modality": get("Modality"), "Rows": get("Rows"),
                             "Columns": get("Columns"), "Manufacturer": get("Manufacturer"), "SliceThickness": get("SliceThickness"),
                             "PixelSpacing": [float(v) for v in ds.PixelSpacing] if "PixelSpacing" in ds else None,
                             "StudyDate": get("StudyDate"), "PatientName": get("PatientName"), "FrameSha256": None}
                try:
                    if "PixelData" in ds and not ds.file_meta.TransferSyntaxUID.is_compressed:
                        size = ds.Rows * ds.Columns * ds.get("SamplesPerPixel", 1) * ds.BitsAllocated // 8
                        frames = int(ds.get("NumberOfFrames") or 1)
                        out[path]["FrameSha256"] = [hashlib.sha256(ds.PixelData[i * size:(i + 1) * size]).hexdigest() for i in range(frames)]
                except Exception:
                    pass
            except Exception as e:
                out[path] = {"readable": False, "error": type(e).__name__}
        print(json.dumps(out))
        """;

    /// <summary>
/// What pydicom reads from each file (attributes absent or empty are null; HasPatientID tells an empty Patient ID from
/// an absent one; FrameSha256 hashes each frame of native, uncompressed pixel data, null otherwise).
/// </summary>
    public static Dictionary<string, PydicomFacts> Read(IEnumerable<string> paths)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(path);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pydicom failed: {stderr.Result}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, PydicomFacts>>(stdout.Result)!;
    }
}

internal sealed record PydicomFacts(
    [property: System.Text.Json.Serialization.JsonPropertyName("readable")] bool Readable,
    string? SOPClassUID,
    string? SOPInstanceUID,
    string? StudyInstanceUID,
    string? SeriesInstanceUID,
    string? PatientID,
    bool HasPatientID,
    string? Modality,
    string? Rows,
    string? Columns,
    string? Manufacturer,
    string? SliceThickness,
    double[]? PixelSpacing,
    string? StudyDate,
    string? PatientName,
    string[]? FrameSha256);
