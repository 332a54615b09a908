using System.Diagnostics;

namespace ClinicalImaging.Dicom.Tests.Support;

/// <summary>dcmtk's dcmdump as a second oracle.</summary>
public static class Dcmdump
{
    public const string Executable = "/usr/bin/dcmdump";

    /// <summary>True when dcmdump reports the file as unreadable (non-zero exit).</summary>
    public static bool Refuses(string path) => Run("-q", path).ExitCode != 0;

    /// <summary>Runs dcmdump and returns its exit code and standard output.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result);
    }
}
