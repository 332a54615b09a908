using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicalImaging.IntegrationTests.Ingest;

namespace ClinicalImaging.IntegrationTests.Summaries;

/// <summary>The facts a summary must state about a file, as pydicom reads them (top-level attributes only).</summary>
internal sealed record SummaryFacts(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("modality")] string? Modality,
    [property: JsonPropertyName("rows")] int? Rows,
    [property: JsonPropertyName("columns")] int? Columns,
    [property: JsonPropertyName("frames")] int Frames,
    [property: JsonPropertyName("bodyPart")] string? BodyPart,
    [property: JsonPropertyName("studyDate")] string? StudyDate,
    [property: JsonPropertyName("kvp")] double? Kvp,
    [property: JsonPropertyName("repetitionTime")] double? RepetitionTime,
    [property: JsonPropertyName("echoTime")] double? EchoTime,
    [property: JsonPropertyName("sliceThickness")] double? SliceThickness,
    [property: JsonPropertyName("contrastAgent")] string? ContrastAgent,
    [property: JsonPropertyName("sex")] string? Sex,
    [property: JsonPropertyName("patientName")] string? PatientName)
{
    private const string Script = """
        import json, sys, pydicom
        def text(ds, keyword):
            value = ds.get(keyword)
            return None if value is None or str(value).strip() == "" else str(value).strip()
        def number(ds, keyword):
            try:
                value = ds.get(keyword)
                return None if value is None or str(value).strip() == "" else float(value)
            except (TypeError, ValueError):
                return None
        out = []
        for path in sys.argv[1:]:
            try:
                ds = pydicom.dcmread(path)
                for element in ds.iterall():
                    element.value  # parse every value: files pydicom reads only partly (truncated) are left out
                rows, columns = ds.get("Rows"), ds.get("Columns")
                frames = ds.get("NumberOfFrames")
                out.append({"path": path, "modality": text(ds, "Modality"),
                            "rows": int(rows) if rows else None, "columns": int(columns) if columns else None,
                            "frames": int(frames) if frames and int(frames) > 1 else 1,
                            "bodyPart": text(ds, "BodyPartExamined"), "studyDate": text(ds, "StudyDate"),
                            "kvp": number(ds, "KVP"), "repetitionTime": number(ds, "RepetitionTime"),
                            "echoTime": number(ds, "EchoTime"), "sliceThickness": number(ds, "SliceThickness"),
                            "contrastAgent": text(ds, "ContrastBolusAgent"), "sex": text(ds, "PatientSex"),
                            "patientName": text(ds, "PatientName")})
            except Exception:
                pass  # files pydicom cannot read strictly are not oracle material
        print(json.dumps(out))
        """;

    /// <summary>Every file of pydicom's test corpus that pydicom reads strictly and that names a modality.</summary>
    public static IReadOnlyList<SummaryFacts> ForTestFiles()
    {
        var files = Directory.GetFiles(Pydicom.TestFiles, "*.dcm").Order(StringComparer.Ordinal);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-W");
        start.ArgumentList.Add("ignore");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pydicom failed: {stderr.Result}");
        }

        return JsonSerializer.Deserialize<List<SummaryFacts>>(stdout.Result)!.Where(f => f.Modality is not null).ToList();
    }
}
