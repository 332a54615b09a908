using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Fhir.SearchImagingStudies;

/// <summary>The <c>identifier</c> and <c>patient</c> search parameters of ImagingStudy, parsed.</summary>
public static class FhirSearchParameters
{
    /// <summary>
    /// <c>urn:oid:UID</c> or <c>urn:dicom:uid|urn:oid:UID</c> → a Study Instance UID; <c>|ACC</c> or <c>ACC</c> →
    /// an accession number. Null with a problem when the token is neither.
    /// </summary>
    public static bool TryParseIdentifier(string token, out DicomUid? studyInstanceUid, out string? accessionNumber, out string problem)
    {
        ArgumentNullException.ThrowIfNull(token);
        studyInstanceUid = null;
        accessionNumber = null;
        problem = string.Empty;
        var bar = token.IndexOf('|', StringComparison.Ordinal);
        var system = bar < 0 ? null : token[..bar];
        var value = bar < 0 ? token : token[(bar + 1)..];
        if (value.StartsWith("urn:oid:", StringComparison.Ordinal) && system is null or FhirCodeSystems.DicomUid)
        {
            if (!DicomUid.TryParse(value["urn:oid:".Length..], out var uid, out var uidProblem))
            {
                problem = $"the Study Instance UID in '{token}' {uidProblem}";
                return false;
            }

            studyInstanceUid = uid;
            return true;
        }

        if (system is { Length: > 0 } || value.Length is 0 or > 16)
        {
            problem = $"identifier '{token}' is neither urn:oid:<Study Instance UID> (system {FhirCodeSystems.DicomUid}) nor an accession number (up to 16 characters, no system)";
            return false;
        }

        accessionNumber = value;
        return true;
    }

    /// <summary><c>Patient/{id}</c> or <c>{id}</c>, where the id is our patient key.</summary>
    public static bool TryParsePatient(string reference, out Guid patientKey)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var id = reference.StartsWith("Patient/", StringComparison.Ordinal) ? reference["Patient/".Length..] : reference;
        return Guid.TryParse(id, out patientKey);
    }

    /// <summary>
    /// The patient keys of these references, for the audit trail: a reference that is not one of our keys is left out,
    /// since a client may have sent a medical record number or a name in its place.
    /// </summary>
    public static IReadOnlyList<string> PatientKeysForAudit(params string?[] references) => references.OfType<string>()
        .Select(reference => TryParsePatient(reference, out var key) ? key.ToString() : null)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal)
        .ToList();
}
