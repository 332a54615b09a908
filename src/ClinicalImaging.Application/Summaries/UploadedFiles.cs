using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Summaries;

/// <summary>How files that are looked at but not stored appear in the audit trail.</summary>
internal static class UploadedFiles
{
    public const string AuditResourceType = "UploadedFile";

    /// <summary>The SOP Instance UID when the file names one: an id, not patient data.</summary>
    public static IReadOnlyList<string> AuditIds(DicomFile file) =>
        file?.Dataset.GetUid(DicomTags.SOPInstanceUID)?.Trim() is { Length: > 0 } uid ? [uid] : [];
}
