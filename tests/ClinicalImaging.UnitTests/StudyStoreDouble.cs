using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.UnitTests;

/// <summary>
/// A study-store double for pipeline tests, which are about the mediator, not storage: every member refuses unless a
/// test overrides the one it needs (and records its calls there).
/// </summary>
internal abstract class StudyStoreDouble : IStudyStore
{
    public virtual Task<IReadOnlyList<RegistrationResult>> RegisterInstancesAsync(IReadOnlyList<InstanceMetadata> instances, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<StudyView?> GetStudyAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<IReadOnlyList<InstanceView>> FindInstancesByAttributeAsync(string tag, string value, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<bool> IsBlobReferencedAsync(string blobKey, CancellationToken cancellationToken) => throw new NotSupportedException();

    public virtual Task<IReadOnlyList<string>> FindUnreferencedBlobKeysAsync(IReadOnlyCollection<string> blobKeys, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<IReadOnlyList<StoredInstance>> FindStoredInstancesAsync(InstanceScope scope, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<IReadOnlyList<StoredInstanceHeader>> FindInstanceHeadersAsync(InstanceScope scope, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<StoredInstance?> GetStoredInstanceAsync(Guid instanceId, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public virtual Task<PatientView?> GetStudyPatientAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
