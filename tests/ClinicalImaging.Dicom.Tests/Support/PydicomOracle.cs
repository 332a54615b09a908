using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>Runs Oracle/pydicom_oracle.py once over many files; returns each file's record by path.</summary>
public static class PydicomOracle
{
    public static Dictionary<string, JsonObject> Run(IReadOnlyList<string> paths)
    {
        var output = Directory.CreateTempSubdirectory("pydicom-oracle-");
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Oracle", "pydicom_oracle.py");
            var start = new ProcessStartInfo(Corpus.Python, [script, output.FullName])
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using (var process = Process.Start(start)!)
            {
                foreach (var path in paths)
                {
                    process.StandardInput.WriteLine(path);
                }

                process.StandardInput.Close();
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"pydicom oracle failed: {errors}");
                }
            }

            var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            for (var i = 0; i < paths.Count; i++)
            {
                records[paths[i]] = JsonNode.Parse(File.ReadAllText(Path.Combine(output.FullName, $"{i}.json")))!.AsObject();
            }

            return records;
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
