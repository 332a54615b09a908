namespace ClinicalImaging.Application.Pacs;

/// <summary>
/// The PACS this archive works beside (Orthanc, through its REST API). Ids are the PACS's own resource ids, never
/// DICOM UIDs; <see cref="FindStudyIdAsync"/> turns a Study Instance UID into one. Every method throws
/// <see cref="PacsException"/> when the PACS cannot be reached or answers with an error, and returns null (or false)
/// where the PACS says that the resource does not exist.
/// </summary>
public interface IPacsClient
{
    /// <summary>Names the PACS for the change-feed cursor and for messages (its base URL, without credentials).</summary>
    string Source { get; }

    Task<PacsSystemInfo> GetSystemAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<PacsStudy>> FindStudiesAsync(PacsStudyQuery query, CancellationToken cancellationToken);

    Task<string?> FindStudyIdAsync(string studyInstanceUid, CancellationToken cancellationToken);

    Task<PacsStudy?> GetStudyAsync(string studyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PacsSeries>> GetStudySeriesAsync(string studyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> GetStudyInstanceIdsAsync(string studyId, CancellationToken cancellationToken);

    /// <summary>The study as a ZIP of its DICOM files, streamed as the PACS writes it; null when there is no such study.</summary>
    Task<Stream?> OpenStudyArchiveAsync(string studyId, CancellationToken cancellationToken);

    /// <summary>One instance's DICOM file, byte for byte as the PACS stores it, streamed.</summary>
    Task<Stream> OpenInstanceFileAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Sends one DICOM file to the PACS; the stream is read once and disposed (so the call is never retried).</summary>
    Task<PacsUploadResult> UploadInstanceAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>C-ECHO from the PACS to one of its configured remote modalities; false when the modality does not answer.</summary>
    Task<bool> EchoAsync(string modality, CancellationToken cancellationToken);

    /// <summary>C-FIND at study level from the PACS to a remote modality.</summary>
    Task<IReadOnlyList<PacsQueryAnswer>> QueryModalityAsync(string modality, PacsStudyQuery query, CancellationToken cancellationToken);

    /// <summary>C-MOVE of a study from a remote modality into the PACS itself; returns when the move has finished.</summary>
    Task MoveStudyFromModalityAsync(string modality, string studyInstanceUid, CancellationToken cancellationToken);

    /// <summary>A de-identified copy of the study (the PACS's default profile); returns the new study's id.</summary>
    Task<string> AnonymizeStudyAsync(string studyId, CancellationToken cancellationToken);

    /// <summary>A copy of the study with the given attributes (by keyword) replaced; returns the new study's id.</summary>
    Task<string> ModifyStudyAsync(string studyId, IReadOnlyDictionary<string, string> replacements, CancellationToken cancellationToken);

    /// <summary>The PACS's change log after <paramref name="since"/> (a sequence number), at most <paramref name="limit"/> entries.</summary>
    Task<PacsChangePage> GetChangesAsync(long since, int limit, CancellationToken cancellationToken);
}
