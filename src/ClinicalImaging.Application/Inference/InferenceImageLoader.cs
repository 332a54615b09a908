using System.Diagnostics;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Inference;

/// <summary>A frame ready for a model, what to report about it, and how long reading it took.</summary>
public sealed record LoadedImage(InferenceImage Image, AnalyzedImage Source, TimeSpan ReadTime);

/// <summary>
/// Reads the frame to analyse from a stored instance or an uploaded object. Objects are read lazily (only the frame used
/// is loaded); an upload is first spilled to a staging file (never held in memory), within the ingest object size limit.
/// </summary>
public sealed class InferenceImageLoader(IStudyStore studies, IBlobStore blobs, PixelCodecRegistry codecs, IOptions<IngestOptions> limits)
{
    /// <exception cref="NotFoundException">No instance has the id.</exception>
    /// <exception cref="ImageNotAnalyzableException">The object has no grayscale image or no such frame.</exception>
    public async Task<LoadedImage> LoadStoredAsync(Guid instanceId, int frame, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var instance = await studies.GetStoredInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Image", instanceId.ToString());
        var stream = blobs.OpenRead(instance.BlobKey);
        await using (stream.ConfigureAwait(false))
        {
            var (image, _) = Read(stream, $"Instance {instanceId}", frame, cancellationToken);
            return new LoadedImage(image, ImageAnalyzer.Describe(image, instanceId, instance.SopInstanceUid, null, frame), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <exception cref="PayloadTooLargeException">The object is larger than the ingest limit for one object.</exception>
    /// <exception cref="DomainException">The content is not a readable DICOM object.</exception>
    /// <exception cref="ImageNotAnalyzableException">The object has no grayscale image or no such frame.</exception>
    public async Task<LoadedImage> LoadUploadedAsync(Stream content, string fileName, int frame, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var staged = await blobs.StageAsync(content, limits.Value.MaxObjectBytes, cancellationToken).ConfigureAwait(false);
        await using (staged.ConfigureAwait(false))
        {
            if (staged.Length == 0)
            {
                throw new DomainException($"{fileName} is empty");
            }

            var stream = staged.OpenRead();
            await using (stream.ConfigureAwait(false))
            {
                var (image, sopInstanceUid) = Read(stream, fileName, frame, cancellationToken);
                return new LoadedImage(image, ImageAnalyzer.Describe(image, null, sopInstanceUid, fileName, frame), Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private (InferenceImage Image, string? SopInstanceUid) Read(Stream stream, string name, int frame, CancellationToken cancellationToken)
    {
        try
        {
            using var file = DicomFile.Open(stream, DicomReadOptions.Lazy, cancellationToken);
            return (InferenceImageFactory.FromDicom(file, frame, codecs), file.Dataset.GetString(DicomTags.SOPInstanceUID)?.Trim());
        }
        catch (ImageNotAnalyzableException error)
        {
            throw new ImageNotAnalyzableException($"{name}: {error.Message}", error);
        }
        catch (DicomException error)
        {
            throw new DomainException($"{name} is not a readable DICOM object: {error.Message}", error);
        }
    }
}
