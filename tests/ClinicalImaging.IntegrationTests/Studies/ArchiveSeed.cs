using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Testing;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>One series of a seeded study: what the search filters look at.</summary>
internal sealed record SeedSeries(
    string Modality = "CT", string? BodyPart = "CHEST", string? Manufacturer = "ACME Medical", string? Contrast = null, int Instances = 1, int? SeriesNumber = null);

/// <summary>Registers studies with chosen search attributes (metadata only: search never opens objects).</summary>
internal static class ArchiveSeed
{
    /// <summary>A Patient ID no other test uses, so that each test's searches see only its own studies.</summary>
    public static string NewPatientId() => $"PID-{Guid.NewGuid():N}"[..20];

    public static async Task<string> StudyAsync(
        UseCaseHost host,
        string patientId,
        DateOnly? studyDate,
        TimeOnly? studyTime = null,
        string? accessionNumber = null,
        string? description = "CT CHEST",
        string issuer = "HOSPITAL-A",
        params SeedSeries[] series)
    {
        var studyUid = SampleInstances.NewUid();
        foreach (var (one, index) in (series.Length == 0 ? [new SeedSeries()] : series).Select((s, i) => (s, i)))
        {
            var seriesUid = SampleInstances.NewUid();
            for (var number = 1; number <= one.Instances; number++)
            {
                var slice = SampleInstances.CtSlice(studyUid, seriesUid, SampleInstances.NewUid(), number, patientId, one.BodyPart ?? "", one.Contrast);
                await host.RegisterAsync(slice with
                {
                    Patient = slice.Patient with { IssuerOfPatientId = issuer },
                    Study = slice.Study with { StudyDate = studyDate, StudyTime = studyTime, AccessionNumber = accessionNumber, Description = description },
                    Series = slice.Series with { Modality = one.Modality, BodyPartExamined = one.BodyPart, SeriesNumber = one.SeriesNumber ?? index + 1 },
                    Equipment = slice.Equipment with { Manufacturer = one.Manufacturer },
                });
            }
        }

        return studyUid;
    }
}
