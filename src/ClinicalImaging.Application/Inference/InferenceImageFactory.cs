using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;

namespace ClinicalImaging.Application.Inference;

/// <summary>From a DICOM object or a decoded frame to the modality values a model's preprocessing starts from.</summary>
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

    /// <summary>
    /// Frame <paramref name="frameNumber"/> (from 1) of a DICOM object through its own Modality LUT, with its Modality
    /// (0008,0060) and Body Part Examined (0018,0015) for model selection.
    /// </summary>
    /// <exception cref="ImageNotAnalyzableException">No pixel data, a colour image, no such frame, no Modality, or a frame that cannot be decoded.</exception>
    public static InferenceImage FromDicom(DicomFile file, int frameNumber, PixelCodecRegistry codecs)
    {
        ArgumentNullException.ThrowIfNull(file);
        var modality = file.Dataset.GetString(DicomTags.Modality)?.Trim();
        if (string.IsNullOrEmpty(modality))
        {
            throw new ImageNotAnalyzableException("Modality (0008,0060) is missing; models are chosen and checked by it.");
        }

        try
        {
            var image = DicomImage.FromFile(file);
            var description = image.Description;
            if (description.SamplesPerPixel != 1
                || description.PhotometricInterpretation is not (PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2))
            {
                throw new ImageNotAnalyzableException(
                    $"Photometric Interpretation (0028,0004) is {file.Dataset.GetString(DicomTags.PhotometricInterpretation)?.Trim()} with {description.SamplesPerPixel} sample(s) per pixel; models take MONOCHROME1 or MONOCHROME2 images.");
            }

            if (frameNumber < 1 || frameNumber > image.NumberOfFrames)
            {
                throw new ImageNotAnalyzableException($"Frame {frameNumber} does not exist; the image has {image.NumberOfFrames} frame(s).");
            }

            using var frame = image.DecodeFrame(frameNumber - 1, codecs);
            var bodyPart = file.Dataset.GetString(DicomTags.BodyPartExamined)?.Trim();
            return FromFrame(frame, image.CreateRenderOptions().Modality, modality, string.IsNullOrEmpty(bodyPart) ? null : bodyPart);
        }
        catch (PixelDataException error)
        {
            // An object without an image (SR, waveform…) or whose image attributes are inconsistent.
            throw new ImageNotAnalyzableException($"The object has no usable image: {error.Message}", error);
        }
    }
}
