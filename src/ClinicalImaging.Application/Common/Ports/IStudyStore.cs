using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Common.Ports;

/// <summary>The archive's index of Patient → Study → Series → Instance.</summary>
public interface IStudyStore
{
    /// <summary>
    /// Upserts the patients, studies and series and inserts the instances, all in one transaction; safe when many
    /// callers register instances of the same study at once. Registering the same SOP instance again with the
    /// same bytes reports <see cref="RegistrationOutcome.AlreadyStored"/>; with different bytes, or against the
    /// archive's hierarchy, that object is refused (<see cref="RegistrationResult.Refusal"/>) and the others are registered.
    /// </summary>
    Task<IReadOnlyList<RegistrationResult>> RegisterInstancesAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken);

    Task<StudyView?> GetStudyAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken);

    /// <summary>Instances whose stored header has <paramref name="value"/> among the values of <paramref name="tag"/>.</summary>
    Task<IReadOnlyList<InstanceView>> FindInstancesByAttributeAsync(
        string tag, string value, int limit, CancellationToken cancellationToken);

    /// <summary>True when an indexed instance refers to the object (objects are content-addressed: one object, possibly several rows over time).</summary>
    Task<bool> IsBlobReferencedAsync(string blobKey, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="blobKeys"/> that no instance refers to.</summary>
    Task<IReadOnlyList<string>> FindUnreferencedBlobKeysAsync(IReadOnlyCollection<string> blobKeys, CancellationToken cancellationToken);

    /// <summary>Where the stored instances of a study, series or single instance are, ordered by series and instance number.</summary>
    Task<IReadOnlyList<StoredInstance>> FindStoredInstancesAsync(InstanceScope scope, CancellationToken cancellationToken);

    /// <summary>The stored header (DICOM JSON, bulk data left out) of each instance in the scope, in the same order.</summary>
    Task<IReadOnlyList<StoredInstanceHeader>> FindInstanceHeadersAsync(InstanceScope scope, CancellationToken cancellationToken);

    Task<StoredInstance?> GetStoredInstanceAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>The patient of a study, identifiers decrypted; null when the study is unknown.</summary>
    Task<PatientView?> GetStudyPatientAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken);
}
