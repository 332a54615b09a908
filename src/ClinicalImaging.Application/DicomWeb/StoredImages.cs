using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.DicomWeb;

/// <summary>Opens the image of one stored instance for the pixel resources (rendered, thumbnail, frames).</summary>
public sealed class StoredImages(IStudyStore studies, IBlobStore blobs)
{
    /// <summary>
    /// Runs <paramref name="use"/> on the instance's image while its object is open (read lazily: only the frames used
    /// are loaded). Unknown instance: not found; an instance without a usable image: a 400 naming the problem.
    /// </summary>
    public async Task<T> UseAsync<T>(InstanceScope scope, Func<DicomImage, StoredInstance, T> use, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(use);
        var instance = (await studies.FindStoredInstancesAsync(scope, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException($"No instance {scope.Describe()} is stored");

        await using var stream = blobs.OpenRead(instance.BlobKey);
        using var file = DicomFile.Open(stream, DicomReadOptions.Lazy, cancellationToken);
        try
        {
            return use(DicomImage.FromFile(file), instance);
        }
        catch (PixelDataException error)
        {
            // An instance without an image (SR, waveform…) or one whose image attributes are inconsistent.
            throw new DomainException($"Instance {instance.SopInstanceUid} has no usable image: {error.Message}");
        }
    }

    /// <summary>Frame numbers count from 1; one past the last is a 404 that says how many there are.</summary>
    public static void EnsureFrameExists(DicomImage image, StoredInstance instance, int frame)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(instance);
        if (frame > image.NumberOfFrames)
        {
            throw new NotFoundException($"Frame {frame} of instance {instance.SopInstanceUid} does not exist; it has {image.NumberOfFrames} frame(s)");
        }
    }
}
