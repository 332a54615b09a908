using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

/// <summary>
/// What ingest extracted from one object's header, plus where the object was stored. UIDs arrive as the raw
/// strings of the header and are checked by <see cref="InstanceMetadataValidator"/> before anything is written.
/// </summary>
public sealed record InstanceMetadata(
    PatientIdentity Patient,
    string StudyInstanceUid,
    StudyDetails Study,
    PatientCharacteristics PatientCharacteristics,
    string SeriesInstanceUid,
    SeriesDetails Series,
    Equipment Equipment,
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    int? InstanceNumber,
    ImagePixelInfo Image,
    AcquisitionParameters Acquisition,
    CardiacGating Cardiac,
    StoredObject StoredObject,
    string HeaderJson);

/// <summary>Patient module (PS3.3 C.7.1.1) identification and demographics.</summary>
public sealed record PatientIdentity(
    string PatientId,
    string? IssuerOfPatientId,
    string? PatientName,
    DateOnly? BirthDate,
    string? Sex);
