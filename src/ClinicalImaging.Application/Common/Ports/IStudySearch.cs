using ClinicalImaging.Application.Images;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Common.Ports;

/// <summary>The archive's read side for the REST API: searches and pages over the study hierarchy.</summary>
public interface IStudySearch
{
    /// <summary>Studies matching every filter, newest Study Date first (studies without a date last), then by id.</summary>
    Task<PagedResult<StudySummary>> SearchStudiesAsync(StudySearchCriteria criteria, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>A study's images by series (number, UID) then instance (number, UID); null when the study is unknown.</summary>
    Task<PagedResult<InstanceView>?> FindStudyImagesAsync(DicomUid studyInstanceUid, int page, int pageSize, CancellationToken cancellationToken);

    Task<ImageView?> GetImageAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Every image of the patients with this Patient ID (of this issuer, when given), newest study first, then as in a
    /// study; an unknown patient is an empty page (answering "unknown" would confirm which IDs exist no differently).
    /// </summary>
    Task<PagedResult<InstanceView>> FindPatientImagesAsync(string patientId, string? issuerOfPatientId, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>Removes images from the archive index.</summary>
public interface IImageDeletion
{
    /// <summary>
    /// Deletes the instance row, then its series, study and patient where they are left empty, and records the audit
    /// event, all in one transaction. Returns what was removed, or null when no instance has this id. The object in the
    /// blob store is the caller's to remove, after this returns and only if no other row refers to it.
    /// </summary>
    Task<DeletedImage?> DeleteImageAsync(Guid instanceId, CancellationToken cancellationToken);
}

/// <summary>What a deletion removed: the instance, and whether its series, study and patient went with it.</summary>
public sealed record DeletedImage(
    Guid InstanceId,
    string SopInstanceUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    string BlobKey,
    bool SeriesRemoved,
    bool StudyRemoved,
    bool PatientRemoved);
