using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Studies;

/// <summary>A study with its patient, series and instances, as read models for the API.</summary>
public sealed record StudyView(
    Guid Id,
    string StudyInstanceUid,
    PatientView Patient,
    StudyDetails Details,
    PatientCharacteristics PatientCharacteristics,
    IReadOnlyList<SeriesView> Series,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <param name="PatientId">Empty for an unidentified patient (its objects carried an empty Patient ID).</param>
public sealed record PatientView(Guid Id, string PatientId, string IssuerOfPatientId, string? PatientName, DateOnly? BirthDate, string? Sex)
{
    /// <summary>False for the unidentified patient of one study, which waits for reconciliation.</summary>
    public bool Identified => PatientId.Length > 0;
}

public sealed record SeriesView(
    Guid Id,
    string SeriesInstanceUid,
    SeriesDetails Details,
    Equipment Equipment,
    IReadOnlyList<InstanceView> Instances);

public sealed record InstanceView(
    Guid Id,
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    string SeriesInstanceUid,
    string StudyInstanceUid,
    int? InstanceNumber,
    ImagePixelInfo Image,
    AcquisitionParameters Acquisition,
    CardiacGating Cardiac,
    long SizeBytes,
    DateTimeOffset CreatedAt) : IAuditedResource
{
    string IAuditedResource.AuditResourceId => Id.ToString();
}
