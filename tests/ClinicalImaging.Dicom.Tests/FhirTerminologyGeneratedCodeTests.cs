using ClinicalImaging.Dicom.Generator;

namespace ClinicalImaging.Dicom.Tests;

public class FhirTerminologyGeneratedCodeTests
{
    [Fact]
    public void The_checked_in_Body_Part_Examined_table_matches_a_fresh_generation_from_its_data_file()
    {
        var root = RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var fresh = FhirTerminologyGenerator.Generate(FhirTerminologyGenerator.DataFile(root));

        var checkedIn = File.ReadAllText(Path.Combine(FhirTerminologyGenerator.OutputDirectory(root), FhirTerminologyGenerator.OutputFileName));

        Assert.True(fresh == checkedIn, $"{FhirTerminologyGenerator.OutputFileName} is stale: run dotnet run --project tools/ClinicalImaging.Dicom.Generator");
    }

    [Fact]
    public void A_row_that_is_not_a_term_code_and_meaning_stops_the_generator_naming_it()
    {
        var data = Path.Combine(Path.GetTempPath(), $"bpe-{Guid.NewGuid():N}.tsv");
        File.WriteAllText(data, "# test\nbody_part_examined\tcode_value\tcode_meaning\nCHEST\t816094009\tChest\nchest wall\t0123\tChest wall\n");
        try
        {
            var failure = Assert.Throws<InvalidDataException>(() => FhirTerminologyGenerator.Generate(data));
            Assert.Contains("'chest wall' '0123' 'Chest wall'", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(data);
        }
    }
}
