using ClinicalImaging.Dicom.Imaging;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// One grayscale frame in modality units (after the Modality LUT: Hounsfield units for CT), row-major, with what model
/// selection and preprocessing need to know about it.
/// </summary>
public sealed class InferenceImage
{
    public InferenceImage(float[] modalityValues, int rows, int columns, PhotometricInterpretation photometric, string modality, string? bodyPart = null)
    {
        ArgumentNullException.ThrowIfNull(modalityValues);
        ArgumentException.ThrowIfNullOrWhiteSpace(modality);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (modalityValues.Length != (long)rows * columns)
        {
            throw new ArgumentException($"The image holds {modalityValues.Length} values; {rows} x {columns} needs {(long)rows * columns}.", nameof(modalityValues));
        }

        if (photometric is not (PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2))
        {
            throw new ArgumentException($"Photometric Interpretation (0028,0004) {photometric} is not grayscale; models take MONOCHROME1 or MONOCHROME2 frames.", nameof(photometric));
        }

        ModalityValues = modalityValues;
        Rows = rows;
        Columns = columns;
        Photometric = photometric;
        Modality = modality;
        BodyPart = bodyPart;
    }

    /// <summary>Rows x columns modality values; not copied, so the caller must not change them during an analysis.</summary>
    public float[] ModalityValues { get; }

    public int Rows { get; }

    public int Columns { get; }

    public PhotometricInterpretation Photometric { get; }

    /// <summary>Modality (0008,0060), e.g. CT, CR, DX, MR.</summary>
    public string Modality { get; }

    /// <summary>Body Part Examined (0018,0015), when known.</summary>
    public string? BodyPart { get; }
}
