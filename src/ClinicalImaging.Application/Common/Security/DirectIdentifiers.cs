using System.Collections.Frozen;
using System.Globalization;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Common.Security;

/// <summary>
/// The header attributes that name or directly identify the patient (a subset of the PS3.15 Table E.1-1 basic
/// profile, which removes or replaces each of them). The archive never stores them in plain text: the patient row
/// keeps name, ID and birth date encrypted, and stored headers are stripped of all of these at any depth. The
/// original object in the blob store remains complete.
/// </summary>
public static class DirectIdentifiers
{
    /// <summary>Tag (8 upper-case hex digits, as DICOM JSON keys) → keyword.</summary>
    public static readonly FrozenDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["00081120"] = "ReferencedPatientSequence",
        ["00100010"] = "PatientName",
        ["00100020"] = "PatientID",
        ["00100030"] = "PatientBirthDate",
        ["00100032"] = "PatientBirthTime",
        ["00101000"] = "OtherPatientIDs",
        ["00101001"] = "OtherPatientNames",
        ["00101002"] = "OtherPatientIDsSequence",
        ["00101005"] = "PatientBirthName",
        ["00101040"] = "PatientAddress",
        ["00101060"] = "PatientMotherBirthName",
        ["00101090"] = "MedicalRecordLocator",
        ["00101100"] = "ReferencedPatientPhotoSequence",
        ["00102154"] = "PatientTelephoneNumbers",
        ["00102155"] = "PatientTelecomInformation",
        ["00380010"] = "AdmissionID",
        ["00380400"] = "PatientInstitutionResidence",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<uint> TagValues = Tags.Keys.Select(key => uint.Parse(key, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToFrozenSet();

    public static bool Contains(string tag) => Tags.ContainsKey(tag.ToUpperInvariant());

    public static bool Contains(DicomTag tag) => TagValues.Contains(tag.Value);
}
