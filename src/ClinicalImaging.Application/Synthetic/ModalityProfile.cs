using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Synthetic;

/// <summary>How one modality's images are made: the storage SOP class, matrix, sampling and geometry of a typical acquisition.</summary>
/// <param name="IsVolume">Cross-sectional (CT, MR): a stack of parallel slices with Image Plane geometry; else one projection or frame per instance.</param>
/// <param name="Modality">The modality code the FHIR series names.</param>
/// <param name="DefaultInstances">Instances per series when the FHIR series does not say.</param>
/// <param name="DicomModality">What Modality (0008,0060) holds, when the FHIR code is not a DICOM defined term (XR → DX).</param>
public sealed record ModalityProfile(
    string Modality,
    string SopClassUid,
    int Rows,
    int Columns,
    int BitsStored,
    double PixelSpacingMm,
    double SliceThicknessMm,
    bool IsVolume,
    int DefaultInstances,
    string DefaultBodyPart,
    string? DicomModality = null)
{
    public static readonly ModalityProfile Ct = new("CT", DicomUids.CTImageStorage, 512, 512, 12, 0.7, 2.5, true, 40, "CHEST");
    public static readonly ModalityProfile Mr = new("MR", DicomUids.MRImageStorage, 256, 256, 12, 0.9, 4.0, true, 24, "HEAD");
    public static readonly ModalityProfile Cr = new("CR", DicomUids.ComputedRadiographyImageStorage, 1024, 1024, 12, 0.35, 0, false, 1, "CHEST");
    public static readonly ModalityProfile Dx = new("DX", DicomUids.DigitalXRayImageStorageForPresentation, 1024, 1024, 12, 0.35, 0, false, 2, "CHEST");
    // XR (plain radiography) is what many EHRs and FHIR servers call a radiograph; it is no DICOM modality. Today's
    // radiographs are digital: the DX IOD, Modality DX, with the usual two views (PA and left lateral).
    public static readonly ModalityProfile Xr = new("XR", DicomUids.DigitalXRayImageStorageForPresentation, 1024, 1024, 12, 0.35, 0, false, 2, "CHEST", "DX");
    public static readonly ModalityProfile Mg = new("MG", DicomUids.DigitalMammographyXRayImageStorageForPresentation, 1280, 1024, 12, 0.1, 0, false, 4, "BREAST");
    public static readonly ModalityProfile Us = new("US", DicomUids.UltrasoundImageStorage, 480, 640, 8, 0.2, 0, false, 6, "ABDOMEN");

    public static IReadOnlyList<ModalityProfile> All { get; } = [Ct, Mr, Cr, Dx, Xr, Mg, Us];

    /// <summary>The profile of a DICOM modality code, or null for modalities the generator does not make.</summary>
    public static ModalityProfile? For(string? modality) =>
        All.FirstOrDefault(p => string.Equals(p.Modality, modality?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The value of Modality (0008,0060) in the generated objects.</summary>
    public string WrittenModality => DicomModality ?? Modality;
}
