namespace ClinicalImaging.Dicom.Generator;

/// <summary>Where the generator reads the standard's tables and writes the generated C# files.</summary>
public static class RepositoryPaths
{
    /// <summary>Walks up from <paramref name="start"/> to the folder holding ClinicalImaging.sln.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The shared standard data sits beside the repository: ../shared/data/dicom-standard.</summary>
    public static string DefaultDataDirectory(string repositoryRoot) =>
        Path.GetFullPath(Path.Combine(repositoryRoot, "..", "shared", "data", "dicom-standard"));

    /// <summary>The checked-in private dictionary (imported from pydicom, see <see cref="PrivateDictionaryGenerator"/>).</summary>
    public static string PrivateDictionaryPath(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "tools", "ClinicalImaging.Dicom.Generator", "data", "private_dictionary.tsv");

    public static string DefaultOutputDirectory(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "src", "ClinicalImaging.Dicom", "Generated");
}
