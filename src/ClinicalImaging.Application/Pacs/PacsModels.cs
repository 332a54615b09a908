namespace ClinicalImaging.Application.Pacs;

/// <summary>What the PACS says about itself.</summary>
public sealed record PacsSystemInfo(string Name, string Version, string DicomAet, int DicomPort, int ApiVersion);

/// <summary>
/// A study-level search, in DICOM matching terms: names and ids may hold the wildcards * and ?; dates are an inclusive
/// range (either end open). Null means "any".
/// </summary>
public sealed record PacsStudyQuery(
    string? PatientName = null,
    string? PatientId = null,
    DateOnly? StudyDateFrom = null,
    DateOnly? StudyDateTo = null,
    string? Modality = null,
    string? AccessionNumber = null,
    string? StudyInstanceUid = null,
    int Limit = PacsStudyQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

/// <summary>A study as the PACS indexes it, with its patient's demographics (direct identifiers).</summary>
/// <param name="Id">The PACS's own id of the study.</param>
public sealed record PacsStudy(
    string Id,
    string StudyInstanceUid,
    DateOnly? StudyDate,
    string? StudyTime,
    string? StudyDescription,
    string? AccessionNumber,
    string? PatientId,
    string? PatientName,
    DateOnly? PatientBirthDate,
    string? PatientSex,
    int SeriesCount,
    bool IsStable);

public sealed record PacsSeries(
    string Id,
    string SeriesInstanceUid,
    string? Modality,
    int? SeriesNumber,
    string? SeriesDescription,
    string? BodyPartExamined,
    int InstanceCount);

/// <summary>A study and its series.</summary>
public sealed record PacsStudyDetails(PacsStudy Study, IReadOnlyList<PacsSeries> Series);

/// <summary>One C-FIND answer from a remote modality, at study level.</summary>
public sealed record PacsQueryAnswer(
    string StudyInstanceUid,
    DateOnly? StudyDate,
    string? StudyDescription,
    string? AccessionNumber,
    string? ModalitiesInStudy,
    string? PatientId,
    string? PatientName);

public enum PacsUploadStatus
{
    Stored,
    AlreadyStored,
}

/// <param name="InstanceId">The PACS's id of the instance.</param>
/// <param name="StudyId">The PACS's id of the instance's study.</param>
public sealed record PacsUploadResult(string InstanceId, string StudyId, PacsUploadStatus Status);

/// <summary>One entry of the PACS's change log.</summary>
/// <param name="Sequence">The change's position in the log, increasing.</param>
/// <param name="ChangeType">As the PACS names it: <see cref="PacsChangeTypes.StableStudy"/>, NewInstance…</param>
/// <param name="ResourceId">The PACS's id of the changed resource.</param>
public sealed record PacsChange(long Sequence, string ChangeType, string ResourceType, string ResourceId);

/// <param name="Last">The last sequence number the page covers (the next page starts after it).</param>
/// <param name="Done">True when the page reaches the end of the log.</param>
public sealed record PacsChangePage(IReadOnlyList<PacsChange> Changes, long Last, bool Done);

public static class PacsChangeTypes
{
    /// <summary>No new instance arrived in the study for the PACS's stable age: the study is complete for now.</summary>
    public const string StableStudy = "StableStudy";
}
