using ClinicalImaging.Application.Fhir.SearchDiagnosticReports;
using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using Xunit;

namespace ClinicalImaging.UnitTests.Fhir;

/// <summary>FHIR searches record only our patient keys in the audit trail, never what a client sent in their place.</summary>
public sealed class FhirSearchAuditTests
{
    private static readonly Guid PatientKey = Guid.Parse("0b8f3d52-6a1e-4c57-9a43-2f7c1d9e5b60");

    [Fact]
    public void Both_reference_forms_of_one_patient_are_recorded_once_as_its_key()
    {
        var query = new SearchFhirDiagnosticReportsQuery($"Patient/{PatientKey}", PatientKey.ToString(), null!, [], null!);

        Assert.Equal([PatientKey.ToString()], query.AuditResourceIds);
    }

    [Fact]
    public void A_medical_record_number_or_a_name_sent_as_the_patient_is_not_recorded()
    {
        var reports = new SearchFhirDiagnosticReportsQuery("Patient/MRN-0042", "DOE^JANE", null!, [], null!);
        var studies = new SearchFhirImagingStudiesQuery("MRN-0042", null, null!, [], null!);

        Assert.Empty(reports.AuditResourceIds);
        Assert.Empty(studies.AuditResourceIds);
    }
}
