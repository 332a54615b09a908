using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>Runs a short pydicom script with /usr/bin/python3 and parses the JSON it prints.</summary>
public static class Python
{
    public static JsonNode RunJson(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Corpus.Python, ["-c", script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python failed: {errors.Result}");
        }

        return JsonNode.Parse(output.Result)!;
    }
}
