using ClinicalImaging.Dicom.Generator;

namespace ClinicalImaging.Dicom.Tests;

public class GeneratedCodeTests
{
    [Fact]
    public void Checked_in_generated_files_match_a_fresh_generation_from_the_standard_tables()
    {
        var root = RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var fresh = DicomCodeGenerator.Generate(RepositoryPaths.DefaultDataDirectory(root), RepositoryPaths.PrivateDictionaryPath(root));
        var folder = RepositoryPaths.DefaultOutputDirectory(root);

        var checkedIn = Directory.GetFiles(folder, "*.g.cs").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(fresh.Keys.Order().ToArray(), checkedIn);
        foreach (var (name, content) in fresh)
        {
            Assert.True(content == File.ReadAllText(Path.Combine(folder, name)), $"{name} is stale: run dotnet run --project tools/ClinicalImaging.Dicom.Generator");
        }
    }
}
