using ClinicalImaging.Application.Inference;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Display;

namespace ClinicalImaging.Infrastructure.Inference.Preprocessing;

/// <summary>From a decoded DICOM frame to the modality values a model's preprocessing starts from.</summary>
public static class InferenceImageFactory
{
    /// <summary>Applies the Modality LUT (rescale to HU for CT, or the table) to every pixel of a grayscale frame.</summary>
    public static InferenceImage FromFrame(DecodedFrame frame, ModalityTransform modalityLut, string modality, string? bodyPart)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(modalityLut);
        if (frame.SamplesPerPixel != 1)
        {
            throw new ArgumentException($"Samples per Pixel (0028,0002) is {frame.SamplesPerPixel}; models take grayscale frames.", nameof(frame));
        }

        var values = new float[frame.PixelCount];
        modalityLut.ApplyTo(frame, values);
        return new InferenceImage(values, frame.Rows, frame.Columns, frame.PhotometricInterpretation, modality, bodyPart);
    }
}
