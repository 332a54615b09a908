namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// Where the native ONNX Runtime library is looked for. The first existing candidate wins, in this order:
/// <list type="number">
/// <item>the explicit <see cref="OnnxRuntimeEnvironmentOptions.LibraryPath"/> (a file, or a folder holding <see cref="FileName"/>);</item>
/// <item>the environment variable <see cref="PathEnvironmentVariable"/> (a file or a folder);</item>
/// <item><see cref="FileName"/> in the application's folder (<see cref="AppContext.BaseDirectory"/>);</item>
/// <item><c>.tools/onnxruntime/</c> in the nearest folder above the application that has one
/// (where <c>scripts/lib/fetch-onnxruntime.sh</c> puts it in a source checkout).</item>
/// </list>
/// The library is loaded once per process, by full path (its file name ends in <c>.so.1</c>, which the runtime's
/// bare-name probing does not find). No DllImport resolver is installed, so other native bindings in this
/// assembly stay free to install theirs.
/// </summary>
public static class OnnxRuntimeLibrary
{
    /// <summary>Environment variable naming the library file, or the folder that holds it.</summary>
    public const string PathEnvironmentVariable = "CLINICALIMAGING_ONNXRUNTIME_PATH";

    /// <summary>The folder, relative to a source checkout's root, that <c>scripts/lib/fetch-onnxruntime.sh</c> fills.</summary>
    public static readonly string RepositoryToolsFolder = Path.Combine(".tools", "onnxruntime");

    /// <summary>The platform's file name of the ONNX Runtime shared library.</summary>
    public static string FileName { get; } =
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so.1";

    /// <summary>
    /// Returns the path the library would be loaded from, or throws <see cref="OnnxRuntimeLibraryException"/> with
    /// <see cref="OrtErrorCode.NoSuchFile"/> naming every path tried.
    /// </summary>
    public static string Locate(string? explicitPath = null) =>
        Locate(explicitPath, Environment.GetEnvironmentVariable(PathEnvironmentVariable), AppContext.BaseDirectory);

    internal static string Locate(string? explicitPath, string? environmentValue, string applicationDirectory)
    {
        var candidates = Candidates(explicitPath, environmentValue, applicationDirectory);
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new OnnxRuntimeLibraryException(
            OrtErrorCode.NoSuchFile,
            $"The ONNX Runtime library ({FileName}) was not found. Tried: {string.Join(", ", candidates)}. " +
            $"Run scripts/lib/fetch-onnxruntime.sh in a source checkout, or set {PathEnvironmentVariable}.",
            candidates);
    }

    internal static List<string> Candidates(string? explicitPath, string? environmentValue, string applicationDirectory)
    {
        // An explicit choice is the only candidate: silently falling back to another copy would hide a misconfiguration.
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return [AsLibraryFile(explicitPath)];
        }

        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            candidates.Add(AsLibraryFile(environmentValue));
        }

        var applicationFolder = Path.GetFullPath(applicationDirectory);
        candidates.Add(Path.Combine(applicationFolder, FileName));
        for (var folder = new DirectoryInfo(applicationFolder); folder is not null; folder = folder.Parent)
        {
            var tools = Path.Combine(folder.FullName, RepositoryToolsFolder);
            if (Directory.Exists(tools))
            {
                candidates.Add(Path.Combine(tools, FileName));
                break;
            }
        }

        return candidates;
    }

    private static string AsLibraryFile(string path)
    {
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) ? Path.Combine(full, FileName) : full;
    }
}
