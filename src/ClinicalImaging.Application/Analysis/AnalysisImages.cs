using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.IO;

namespace ClinicalImaging.Application.Analysis;

/// <summary>
/// Reads the frame a model analyses from a stored instance: the middle frame (the one frame of a single-frame image),
/// decoded and put through its Modality LUT, labelled with the series' modality and body part.
/// </summary>
public sealed class AnalysisImages(IBlobStore blobs, PixelCodecRegistry codecs)
{
    /// <exception cref="PermanentJobFailureException">The instance has no image a model can take.</exception>
    public InferenceImage Load(AnalysisTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(target.Modality))
        {
            throw new PermanentJobFailureException($"Instance {target.Instance.SopInstanceUid} has no Modality (0008,0060); models are chosen by it");
        }

        try
        {
            using var stream = blobs.OpenRead(target.Instance.BlobKey);
            using var file = DicomFile.Open(stream, DicomReadOptions.Lazy);
            var image = DicomImage.FromFile(file);
            using var frame = image.DecodeFrame(image.NumberOfFrames / 2, codecs);
            if (frame.SamplesPerPixel != 1)
            {
                throw new PermanentJobFailureException($"Instance {target.Instance.SopInstanceUid} is not grayscale; models take grayscale frames");
            }

            var values = new float[frame.PixelCount];
            image.CreateRenderOptions().Modality.ApplyTo(frame, values);
            return new InferenceImage(values, frame.Rows, frame.Columns, frame.PhotometricInterpretation, target.Modality, target.BodyPart);
        }
        catch (Exception error) when (error is PixelDataException or DicomException or ArgumentException)
        {
            throw new PermanentJobFailureException($"Instance {target.Instance.SopInstanceUid} has no image a model can take: {error.Message}", error);
        }
    }
}
