using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>The DICOM Patient module (PS3.3 C.7.1.1) as far as a FHIR Patient needs it.</summary>
public sealed record PatientDemographics(string PatientId, string? IssuerOfPatientId, string? PatientName, DateOnly? BirthDate, string? Sex);

/// <summary>DICOM patient → FHIR R4 Patient. Direct identifiers appear only where the caller may see patient data.</summary>
public static class PatientMapper
{
    /// <param name="id">The resource id: our patient key, never the Patient ID itself.</param>
    /// <param name="includeIdentifyingData">False leaves out the identifier, name and birth date (the caller lacks patient-data.read).</param>
    public static Patient ToPatient(string id, PatientDemographics patient, bool includeIdentifyingData)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return new Patient
        {
            Id = id,
            Identifier = includeIdentifyingData && !string.IsNullOrWhiteSpace(patient.PatientId)
                ? [new Identifier(null, patient.PatientId.Trim(), CodeableConcept.Of(new Coding(FhirCodeSystems.IdentifierType, "MR", "Medical record number")), "usual")
                    { Assigner = string.IsNullOrWhiteSpace(patient.IssuerOfPatientId) ? null : Reference.To(null, patient.IssuerOfPatientId.Trim()) }]
                : null,
            Name = includeIdentifyingData && HumanNameOf(patient.PatientName) is { } name ? [name] : null,
            Gender = Gender(patient.Sex),
            BirthDate = includeIdentifyingData && patient.BirthDate is { } birth ? FhirDates.Date(birth) : null,
        };
    }

    /// <summary>DICOM Patient's Sex M / F / O → male / female / other; any other value present → unknown.</summary>
    public static string? Gender(string? sex) => sex?.Trim().ToUpperInvariant() switch
    {
        null or "" => null,
        "M" => "male",
        "F" => "female",
        "O" => "other",
        _ => "unknown",
    };

    /// <summary>The alphabetic group of a DICOM PN (Family^Given^Middle^Prefix^Suffix) as a HumanName.</summary>
    public static HumanName? HumanNameOf(string? personName)
    {
        if (string.IsNullOrWhiteSpace(personName))
        {
            return null;
        }

        var parts = DicomPersonName.Parse(personName).AlphabeticComponents;
        var given = new[] { parts.GivenName, parts.MiddleName }.Where(g => g.Trim().Length > 0).Select(g => g.Trim()).ToList();
        var text = string.Join(' ', new[] { parts.Prefix, parts.GivenName, parts.MiddleName, parts.FamilyName, parts.Suffix }.Where(p => p.Trim().Length > 0).Select(p => p.Trim()));
        return text.Length == 0
            ? null
            : new HumanName(
                text,
                parts.FamilyName.Trim() is { Length: > 0 } family ? family : null,
                given.Count == 0 ? null : given,
                parts.Prefix.Trim() is { Length: > 0 } prefix ? [prefix] : null,
                parts.Suffix.Trim() is { Length: > 0 } suffix ? [suffix] : null);
    }
}
