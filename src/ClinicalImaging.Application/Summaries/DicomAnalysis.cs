namespace ClinicalImaging.Application.Summaries;

/// <summary>
/// What one DICOM object says about the examination it came from, structured for people and programs. It holds no
/// direct identifier (no name, patient ID, birth date, UIDs or accession number): it describes the imaging, so it can
/// be shown, logged by clients or sent to a summarising model without exposing who the patient is.
/// </summary>
public sealed record DicomAnalysis(
    ObjectKind Object,
    PatientDescription Patient,
    Examination Examination,
    ImageGeometry Image,
    Acquisition Acquisition,
    ContrastUse Contrast,
    CardiacGatingDescription Cardiac,
    EquipmentDescription Equipment);

/// <param name="SopClassName">The SOP class's name from the UID registry (e.g. "CT Image Storage"); the UID when unknown.</param>
/// <param name="ModalityName">The modality in words (e.g. "computed tomography"); null when the object names none.</param>
/// <param name="IsImage">True when the object carries pixel data attributes (rows and columns).</param>
public sealed record ObjectKind(
    string? SopClassUid,
    string? SopClassName,
    string TransferSyntaxUid,
    string TransferSyntaxName,
    string? Modality,
    string? ModalityName,
    bool IsImage);

/// <param name="AgeYears">From Patient's Age, or from the birth date and study date when the age is absent; whole years.</param>
/// <param name="Age">Patient's Age as sent, in words (e.g. "62 years", "3 months").</param>
public sealed record PatientDescription(string? Sex, string? Age, int? AgeYears, double? WeightKg, double? SizeMetres);

/// <param name="Anatomy">Body Part Examined in words (e.g. "chest"), or the anatomic region's meaning when only that is coded.</param>
public sealed record Examination(
    DateOnly? StudyDate,
    TimeOnly? StudyTime,
    DateTimeOffset? AcquisitionDateTime,
    string? StudyDescription,
    string? SeriesDescription,
    string? ProtocolName,
    int? SeriesNumber,
    int? InstanceNumber,
    string? BodyPartExamined,
    string? Anatomy,
    string? Laterality,
    string? PatientPosition,
    string? ViewPosition);

/// <param name="Plane">axial, sagittal, coronal or oblique, from Image Orientation (Patient); null without it.</param>
/// <param name="FieldOfViewRowMm">Rows × row spacing: the image's physical height.</param>
public sealed record ImageGeometry(
    int? Rows,
    int? Columns,
    int Frames,
    int? SamplesPerPixel,
    int? BitsAllocated,
    int? BitsStored,
    string? PhotometricInterpretation,
    double? PixelSpacingRowMm,
    double? PixelSpacingColumnMm,
    double? FieldOfViewRowMm,
    double? FieldOfViewColumnMm,
    double? SliceThicknessMm,
    double? SpacingBetweenSlicesMm,
    double? SliceLocationMm,
    string? Plane);

public sealed record Acquisition(
    double? Kvp,
    double? TubeCurrentMa,
    double? ExposureTimeMs,
    double? ExposureMas,
    string? ConvolutionKernel,
    double? MagneticFieldStrengthTesla,
    double? RepetitionTimeMs,
    double? EchoTimeMs,
    double? InversionTimeMs,
    double? FlipAngleDegrees,
    string? ScanningSequence,
    string? SequenceName,
    double? TransducerFrequencyMHz);

/// <param name="Used">True when an agent is named (Contrast/Bolus Agent or its code sequence).</param>
public sealed record ContrastUse(bool Used, string? Agent, string? Route, double? VolumeMl);

/// <param name="Technique">Cardiac Synchronization Technique (PROSPECTIVE, RETROSPECTIVE, PACED, REALTIME, NONE).</param>
/// <param name="Gated">True when any gating attribute says the acquisition was synchronised with the heart.</param>
public sealed record CardiacGatingDescription(
    bool Gated,
    string? Technique,
    double? TriggerTimeMs,
    int? HeartRateBpm,
    double? NominalIntervalMs,
    int? CardiacNumberOfImages,
    double? LowRRValueMs,
    double? HighRRValueMs);

public sealed record EquipmentDescription(
    string? Manufacturer,
    string? ModelName,
    string? SoftwareVersions,
    string? InstitutionName,
    string? StationName);
