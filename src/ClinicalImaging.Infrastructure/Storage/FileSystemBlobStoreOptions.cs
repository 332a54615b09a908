namespace ClinicalImaging.Infrastructure.Storage;

public sealed class FileSystemBlobStoreOptions
{
    public const string Section = "Storage";

    /// <summary>Root folder of the object store; staging lives beneath it so that commit is a same-filesystem rename.</summary>
    public string RootPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "objects");

    /// <summary>
    /// Write staged objects with O_DIRECT (around the page cache) where the filesystem supports it; where it does not,
    /// staging falls back to ordinary writes by itself. Off by default: measured on the benchmark machine it saved no
    /// CPU once the page cache recycled its memory and made each write wait for the disk (decision 0815). For hosts
    /// where new objects must not push other data out of the page cache.
    /// </summary>
    public bool DirectWrites { get; set; }
}
