using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Studies;
using Xunit;

namespace ClinicalImaging.UnitTests.Domain;

public sealed class StudyHierarchyRulesTests
{
    private static readonly DicomUid StudyUid = DicomUid.Parse("1.2.3.4", "StudyInstanceUID");

    [Fact]
    public void Later_objects_fill_in_study_details_without_erasing_known_ones()
    {
        var study = Study.Create(StudyUid, Patient.Create("P1", null));
        study.Update(new StudyDetails(new DateOnly(2026, 1, 2), null, "CT HEAD", "ACC1", null, null), PatientCharacteristics.Empty);

        study.Update(new StudyDetails(null, new TimeOnly(9, 30), null, null, "Ref^Doc", null), new PatientCharacteristics("040Y", null, null));

        Assert.Equal(new StudyDetails(new DateOnly(2026, 1, 2), new TimeOnly(9, 30), "CT HEAD", "ACC1", "Ref^Doc", null), study.Details);
        Assert.Equal("040Y", study.PatientCharacteristics.Age);
    }

    [Fact]
    public void A_study_of_one_patient_refuses_an_object_of_another()
    {
        var study = Study.Create(StudyUid, Patient.Create("P1", "ISSUER"));

        var error = Assert.Throws<DomainException>(() => study.EnsureBelongsTo(Patient.Create("P2", "ISSUER")));

        Assert.Contains("1.2.3.4 already belongs to another patient", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_patient_needs_a_patient_id(string patientId)
    {
        var error = Assert.Throws<DomainException>(() => Patient.Create(patientId, null));

        Assert.Equal("PatientID (0010,0020) is missing", error.Message);
    }

    [Fact]
    public void Same_object_means_same_size_and_hash_whatever_the_key()
    {
        var stored = new StoredObject("a", 10, new string('a', 64));

        Assert.True(stored.HasSameContentAs(new StoredObject("b", 10, new string('A', 64))));
        Assert.False(stored.HasSameContentAs(new StoredObject("a", 10, new string('b', 64))));
        Assert.False(stored.HasSameContentAs(new StoredObject("a", 11, new string('a', 64))));
    }

    [Fact]
    public void Contrast_is_recorded_when_an_agent_is_named()
    {
        Assert.False(AcquisitionParameters.Empty.HasContrast);
        Assert.True((AcquisitionParameters.Empty with { ContrastBolusAgent = "Gadobutrol" }).HasContrast);
    }
}
