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

    [Fact]
    public void A_reconciled_study_belongs_to_its_real_patient_and_says_when_it_moved()
    {
        var study = Study.Create(StudyUid, Patient.CreateUnidentified(null));
        var real = Patient.Create("P1", null);
        var at = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

        study.ReconcileTo(real, at);

        study.EnsureBelongsTo(real);
        Assert.Equal((at, at), (study.ReconciledAt, study.UpdatedAt));
        Assert.Throws<DomainException>(() => study.ReconcileTo(Patient.CreateUnidentified(null), at));
    }

    [Fact]
    public void Only_given_demographics_that_differ_from_recorded_ones_contradict_a_patient()
    {
        var patient = Patient.Create("P1", null);
        patient.UpdateDemographics("DOE^JANE", null, "F");

        Assert.Empty(patient.DemographicsContradictedBy("DOE^JANE", new DateOnly(1970, 1, 2), null));
        Assert.Equal([nameof(Patient.PatientName), nameof(Patient.Sex)], patient.DemographicsContradictedBy("ROE^JANE", null, "M"));
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
