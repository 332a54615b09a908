namespace ClinicalImaging.Domain.Studies;

// Value objects of the study hierarchy. Each groups the attributes of one DICOM module that radiology and
// research users search by; every member is optional because real scanners omit Type 2/3 attributes.

/// <summary>General Study module (PS3.3 C.7.2.1).</summary>
public sealed record StudyDetails(
    DateOnly? StudyDate,
    TimeOnly? StudyTime,
    string? Description,
    string? AccessionNumber,
    string? ReferringPhysicianName,
    string? StudyId)
{
    public static readonly StudyDetails Empty = new(null, null, null, null, null, null);
}

/// <summary>Patient Study module (PS3.3 C.7.2.2): the patient as measured for this study.</summary>
public sealed record PatientCharacteristics(string? Age, double? WeightKg, double? SizeMetres)
{
    public static readonly PatientCharacteristics Empty = new(null, null, null);
}

/// <summary>General Series module (PS3.3 C.7.3.1).</summary>
public sealed record SeriesDetails(
    int? SeriesNumber,
    string? Description,
    string? Modality,
    string? BodyPartExamined,
    string? Laterality,
    string? PatientPosition,
    string? ProtocolName,
    DateOnly? SeriesDate,
    TimeOnly? SeriesTime)
{
    public static readonly SeriesDetails Empty = new(null, null, null, null, null, null, null, null, null);
}

/// <summary>General Equipment module (PS3.3 C.7.5.1).</summary>
public sealed record Equipment(
    string? Manufacturer,
    string? ModelName,
    string? SoftwareVersions,
    string? StationName,
    string? InstitutionName)
{
    public static readonly Equipment Empty = new(null, null, null, null, null);
}

/// <summary>Image Pixel module (PS3.3 C.7.6.3) and the encoding of the stored object.</summary>
public sealed record ImagePixelInfo(
    int? Rows,
    int? Columns,
    int? BitsAllocated,
    int? BitsStored,
    int? NumberOfFrames,
    string? PhotometricInterpretation)
{
    public static readonly ImagePixelInfo Empty = new(null, null, null, null, null, null);
}

/// <summary>Cardiac synchronisation attributes (PS3.3 C.7.6.18.1 and the CT/MR image modules).</summary>
public sealed record CardiacGating(
    double? TriggerTimeMs,
    int? HeartRateBpm,
    double? NominalIntervalMs,
    int? CardiacNumberOfImages)
{
    public static readonly CardiacGating Empty = new(null, null, null, null);
}

/// <summary>How the image was acquired: geometry, contrast and the physics parameters users filter by.</summary>
public sealed record AcquisitionParameters(
    double? SliceThicknessMm,
    double? PixelSpacingRowMm,
    double? PixelSpacingColumnMm,
    double? SpacingBetweenSlicesMm,
    string? ContrastBolusAgent,
    double? Kvp,
    double? ExposureTimeMs,
    double? RepetitionTimeMs,
    double? EchoTimeMs,
    double? FieldOfViewMm)
{
    public static readonly AcquisitionParameters Empty = new(null, null, null, null, null, null, null, null, null, null);

    /// <summary>True when a contrast or bolus agent was recorded for the acquisition.</summary>
    public bool HasContrast => !string.IsNullOrWhiteSpace(ContrastBolusAgent);
}

/// <summary>Where the original object lives in the blob store, and how to recognise the same bytes again.</summary>
public sealed record StoredObject(string BlobKey, long SizeBytes, string Sha256)
{
    public bool HasSameContentAs(StoredObject other) =>
        SizeBytes == other.SizeBytes && string.Equals(Sha256, other.Sha256, StringComparison.OrdinalIgnoreCase);
}
