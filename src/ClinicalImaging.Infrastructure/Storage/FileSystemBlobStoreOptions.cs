namespace ClinicalImaging.Infrastructure.Storage;

public sealed class FileSystemBlobStoreOptions
{
    public const string Section = "Storage";

    /// <summary>Root folder of the object store; staging lives beneath it so that commit is a same-filesystem rename.</summary>
    public string RootPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "data", "objects");
}
