using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>pydicom's real test files, and pydicom's own reading of each (run once per test run into a temp folder).</summary>
public static class Corpus
{
    public const string PydicomData = "/usr/lib/python3/dist-packages/pydicom/data";
    public const string Python = "/usr/bin/python3";

    private static readonly string[] NotDicom = [".py", ".txt", ".json", ".dump", ".gz", ".pyc"];
    private static readonly Lazy<Dictionary<string, JsonObject>> Oracle = new(RunOracle);

    /// <summary>Every file of pydicom's test_files and charset_files, DICOMDIR tree included.</summary>
    public static IReadOnlyList<string> AllFiles { get; } =
        new[] { "test_files", "charset_files" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(PydicomData, folder), "*", SearchOption.AllDirectories))
            .Where(path => !NotDicom.Contains(Path.GetExtension(path)) && !path.Contains("__pycache__", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static TheoryData<string> AllFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in AllFiles)
        {
            data.Add(Relative(path));
        }

        return data;
    }

    public static string PathOf(string relative) => Path.Combine(PydicomData, relative);

    public static string Relative(string path) => Path.GetRelativePath(PydicomData, path);

    /// <summary>pydicom's record for a file: ok, error, transfer_syntax, json (to_json_dict per element), invalid.</summary>
    public static JsonObject PydicomRecord(string relative) => Oracle.Value[relative];

    /// <summary>Reads with a hang guard: a parse that does not finish in 20 s fails the test instead of stalling the run.</summary>
    public static DicomFile ReadGuarded(Stream stream, DicomReadOptions? options = null)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var task = Task.Run(() => DicomReader.ReadFile(stream, options, cancellation.Token), CancellationToken.None);
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("The reader did not finish: a hang.");
        }

        return task.GetAwaiter().GetResult();
    }

    public static JsonNode ParseJson(string json) => JsonNode.Parse(json)!;

    private static Dictionary<string, JsonObject> RunOracle()
    {
        var records = PydicomOracle.Run(AllFiles);
        return AllFiles.ToDictionary(Relative, path => records[path], StringComparer.Ordinal);
    }
}
