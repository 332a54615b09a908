using ClinicalImaging.Application.Studies.ReconcileStudy;
using Xunit;

namespace ClinicalImaging.UnitTests.Application;

public sealed class ReconcileStudyValidatorTests
{
    private const string Study = "1.2.826.0.1.3680043.8.498.1";
    private static readonly ReconcileStudyValidator Validator = new(new FixedTime(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void A_complete_request_is_valid()
    {
        var result = Validator.Validate(new ReconcileStudyCommand(Study, "MRN-001", "HOSPITAL-A", "DOE^JANE^Q^DR^PHD=ドウ^ジェーン=どう^じぇーん", "1970-01-02", "F"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void The_Patient_ID_alone_is_enough_and_an_empty_issuer_names_none()
    {
        Assert.True(Validator.Validate(new ReconcileStudyCommand(Study, "MRN-001")).IsValid);
        Assert.True(Validator.Validate(new ReconcileStudyCommand(Study, "MRN-001", IssuerOfPatientId: "")).IsValid);
    }

    [Theory]
    [InlineData("", "patientId is required: the Patient ID (0010,0020) of the patient the study belongs to")]
    [InlineData("  ", "patientId is required: the Patient ID (0010,0020) of the patient the study belongs to")]
    [InlineData("MRN\\001", "patientId must not contain a backslash or control characters")]
    [InlineData("MRN\t001", "patientId must not contain a backslash or control characters")]
    [InlineData("MRN-001 ", "patientId must not start or end with a space")]
    public void A_bad_Patient_ID_is_refused_naming_the_field_and_not_the_value(string patientId, string message)
    {
        var error = Assert.Single(Validator.Validate(new ReconcileStudyCommand(Study, patientId)).Errors);

        Assert.Equal(("patientId", message), (error.PropertyName, error.ErrorMessage));
    }

    [Fact]
    public void A_Patient_ID_longer_than_64_characters_is_refused_with_its_length()
    {
        var error = Assert.Single(Validator.Validate(new ReconcileStudyCommand(Study, new string('7', 65))).Errors);

        Assert.Equal(("patientId", "patientId is 65 characters long; at most 64 are allowed"), (error.PropertyName, error.ErrorMessage));
    }

    [Theory]
    [InlineData("issuerOfPatientId", "HOSP\u0001", null, null, null)]
    [InlineData("patientName", null, "A=B=C=D", null, null)]
    [InlineData("patientName", null, "A^B^C^D^E^F", null, null)]
    [InlineData("patientName", null, " ", null, null)]
    [InlineData("birthDate", null, null, "1970-02-30", null)]
    [InlineData("birthDate", null, null, "19700101", null)]
    [InlineData("birthDate", null, null, "2026-12-08", null)]
    [InlineData("sex", null, null, null, "f")]
    [InlineData("sex", null, null, null, "U")]
    [InlineData("studyUid", null, null, null, null, "1.02.3")]
    public void Each_bad_field_is_reported_under_its_own_name(string field, string? issuer, string? name, string? birthDate, string? sex, string study = Study)
    {
        var error = Assert.Single(Validator.Validate(new ReconcileStudyCommand(study, "MRN-001", issuer, name, birthDate, sex)).Errors);

        Assert.Equal(field, error.PropertyName);
    }

    [Fact]
    public void A_person_name_component_group_longer_than_64_characters_is_refused()
    {
        var error = Assert.Single(Validator.Validate(new ReconcileStudyCommand(Study, "MRN-001", PatientName: new string('A', 65))).Errors);

        Assert.Equal("patientName has a component group longer than 64 characters", error.ErrorMessage);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
