using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>The archive's QIDO-RS matching: one page of results, in a stable order.</summary>
public interface IQidoSearch
{
    /// <summary>
    /// The matches of <paramref name="search"/> from <see cref="QidoSearch.Offset"/>, at most <see cref="QidoSearch.Limit"/>.
    /// Patient conditions are answered without decrypting every patient; a patient criterion too broad to verify
    /// throws <see cref="Common.Exceptions.PayloadTooLargeException"/>, one the index cannot narrow (a leading wild card)
    /// throws <see cref="Common.Exceptions.RequestValidationException"/>.
    /// </summary>
    Task<IReadOnlyList<QidoRow>> SearchAsync(QidoSearch search, CancellationToken cancellationToken);
}

/// <summary>One result: its study, and its series and instance at those levels. <see cref="Header"/> holds the stored
/// header attributes asked for (DICOM JSON object), from the instance itself or a representative one.</summary>
public sealed record QidoRow(QidoStudyRow Study, QidoSeriesRow? Series, QidoInstanceRow? Instance, string? Header);

/// <summary>The patient's direct identifiers, decrypted; only present when the search returns patient data.</summary>
public sealed record QidoPatient(string PatientId, string? PatientName, DateOnly? BirthDate);

public sealed record QidoStudyRow(
    string StudyInstanceUid,
    StudyDetails Details,
    PatientCharacteristics Characteristics,
    string IssuerOfPatientId,
    string? PatientSex,
    QidoPatient? Patient,
    IReadOnlyList<string>? ModalitiesInStudy,
    int? NumberOfSeries,
    int? NumberOfInstances);

public sealed record QidoSeriesRow(string SeriesInstanceUid, SeriesDetails Details, Equipment Equipment, int? NumberOfInstances);

public sealed record QidoInstanceRow(string SopInstanceUid, string SopClassUid, int? InstanceNumber, ImagePixelInfo Image);
