namespace ClinicalImaging.Infrastructure.Storage;

public sealed class FileSystemBlobStoreOptions
{
    public const string Section = "Storage";

    /// <summary>Root folder of the object store; staging lives beneath it so that commit is a same-filesystem rename.</summary>
    public string RootPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "objects");

    /// <summary>
    /// Write staged objects with O_DIRECT (around the page cache) where the filesystem supports it (decision 0815);
    /// where it does not, staging falls back to ordinary writes by itself.
    /// </summary>
    public bool DirectWrites { get; set; } = true;
}
