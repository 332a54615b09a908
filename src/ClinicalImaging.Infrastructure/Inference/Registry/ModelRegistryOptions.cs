namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>Configuration section "Inference:Models".</summary>
public sealed record ModelRegistryOptions
{
    public const string Section = "Inference:Models";

    public const string DirectoryEnvironmentVariable = "CLINICALIMAGING_MODELS_DIR";

    /// <summary>
    /// The folder holding one sub-folder per model. Null: the environment variable CLINICALIMAGING_MODELS_DIR, else
    /// the nearest <c>models/</c> folder above the application (a source checkout).
    /// </summary>
    public string? Directory { get; init; }

    /// <summary>Resolves the models folder as documented on <see cref="Directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">No candidate exists; the message names each path tried.</exception>
    public string ResolveDirectory()
    {
        var explicitPath = Directory ?? Environment.GetEnvironmentVariable(DirectoryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return System.IO.Directory.Exists(explicitPath)
                ? Path.GetFullPath(explicitPath)
                : throw new DirectoryNotFoundException($"The models folder '{explicitPath}' (Inference:Models:Directory or {DirectoryEnvironmentVariable}) does not exist.");
        }

        var tried = new List<string>();
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "models");
            tried.Add(candidate);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No models folder found: set Inference:Models:Directory or {DirectoryEnvironmentVariable}. Tried {string.Join(", ", tried)}.");
    }
}
