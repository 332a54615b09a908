namespace ClinicalImaging.Cli.Import;

/// <summary>A file found under the import folder; <see cref="RelativePath"/> uses '/' and names it in reports and the journal.</summary>
public sealed record ImportFile(string FullPath, string RelativePath, long Size, long ModifiedTicks)
{
    public static ImportFile From(string root, FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new(file.FullName, System.IO.Path.GetRelativePath(root, file.FullName).Replace('\\', '/'), file.Length, file.LastWriteTimeUtc.Ticks);
    }
}

/// <summary>What became of one file.</summary>
public enum ImportOutcome
{
    Stored,

    /// <summary>The archive already held these exact bytes: nothing changed, and that is a success.</summary>
    Duplicate,

    Failed,
}

/// <param name="Reason">Why it failed: the archive's reason code and message, or the transport error.</param>
public sealed record ImportResult(ImportFile File, ImportOutcome Outcome, string? Reason = null);
