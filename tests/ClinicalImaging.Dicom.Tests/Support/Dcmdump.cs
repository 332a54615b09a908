using System.Diagnostics;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>dcmtk's dcmdump as a second oracle (and dcmconv to re-encode real files).</summary>
public static class Dcmdump
{
    public const string Executable = "/usr/bin/dcmdump";

    /// <summary>True when dcmdump reports the file as unreadable (non-zero exit).</summary>
    public static bool Refuses(string path) => Run("-q", path).ExitCode != 0;

    /// <summary>Runs dcmdump and returns its exit code and standard output.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments) => RunTool(Executable, arguments);

    /// <summary>Writes <paramref name="source"/> again in Implicit VR Little Endian with dcmtk's dcmconv (+ti).</summary>
    public static void ConvertToImplicitVRLittleEndian(string source, string destination)
    {
        var (exitCode, _) = RunTool("/usr/bin/dcmconv", "+ti", source, destination);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dcmconv +ti {source} failed with exit code {exitCode}.");
        }
    }

    private static (int ExitCode, string Output) RunTool(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result);
    }
}
