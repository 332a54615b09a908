namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>A coded concept (code value, coding scheme designator, code meaning) as written into a Code Sequence item.</summary>
public sealed record DicomCodedConcept(string CodeValue, string CodingSchemeDesignator, string CodeMeaning);

/// <summary>
/// PS3.16 CID 7050 "De-identification Method": the codes that De-identification Method Code Sequence (0012,0064)
/// carries for the Basic Profile and each option used. The shared standard data has no PS3.16 tables, so the codes
/// are written here; a test checks each against pydicom's copy of PS3.16 (pydicom.sr.codedict).
/// </summary>
public static class DeidentificationMethodCodes
{
    public static DicomCodedConcept BasicApplicationConfidentialityProfile { get; } = Dcm("113100", "Basic Application Confidentiality Profile");

    /// <summary>The code for an option of Table E.1-1; each option has exactly one.</summary>
    public static DicomCodedConcept ForOption(DeidentificationOptions option) => option switch
    {
        DeidentificationOptions.RetainSafePrivate => Dcm("113111", "Retain Safe Private Option"),
        DeidentificationOptions.RetainUids => Dcm("113110", "Retain UIDs Option"),
        DeidentificationOptions.RetainDeviceIdentity => Dcm("113109", "Retain Device Identity Option"),
        DeidentificationOptions.RetainInstitutionIdentity => Dcm("113112", "Retain Institution Identity Option"),
        DeidentificationOptions.RetainPatientCharacteristics => Dcm("113108", "Retain Patient Characteristics Option"),
        DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates => Dcm("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
        DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates => Dcm("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        DeidentificationOptions.CleanDescriptors => Dcm("113105", "Clean Descriptors Option"),
        DeidentificationOptions.CleanStructuredContent => Dcm("113104", "Clean Structured Content Option"),
        DeidentificationOptions.CleanGraphics => Dcm("113103", "Clean Graphics Option"),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Give exactly one option."),
    };

    private static DicomCodedConcept Dcm(string value, string meaning) => new(value, "DCM", meaning);
}
