namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>
/// The options of PS3.15 E.3 that Table E.1-1 has a column for, in the table's column order. Each one, when used,
/// overrides the Basic Profile action of the rows it lists; Clean Structured Content also applies Table E.3.4-1 to
/// content items (see <see cref="DicomDeidentifier"/>).
/// </summary>
[Flags]
public enum DeidentificationOptions
{
    None = 0,
    RetainSafePrivate = 1 << 0,
    RetainUids = 1 << 1,
    RetainDeviceIdentity = 1 << 2,
    RetainInstitutionIdentity = 1 << 3,
    RetainPatientCharacteristics = 1 << 4,
    RetainLongitudinalTemporalInformationWithFullDates = 1 << 5,
    RetainLongitudinalTemporalInformationWithModifiedDates = 1 << 6,
    CleanDescriptors = 1 << 7,
    CleanStructuredContent = 1 << 8,
    CleanGraphics = 1 << 9,
}
