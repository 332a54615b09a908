using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Common;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RenderInstance;

public sealed class RenderInstanceHandler(IStudyStore studies, IBlobStore blobs, PixelCodecRegistry codecs)
    : IRequestHandler<RenderInstanceQuery, byte[]>
{
    public async Task<byte[]> Handle(RenderInstanceQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = (await studies.FindStoredInstancesAsync(request.Scope, cancellationToken)).SingleOrDefault()
            ?? throw new NotFoundException($"No instance {request.Scope.Describe()} is stored");

        // Lazy read: only the requested frame's bytes are loaded from the stored object.
        await using var stream = blobs.OpenRead(instance.BlobKey);
        using var file = DicomFile.Open(stream, DicomReadOptions.Lazy, cancellationToken);
        try
        {
            var image = DicomImage.FromFile(file);
            if (request.Frame > image.NumberOfFrames)
            {
                throw new NotFoundException($"Frame {request.Frame} of instance {instance.SopInstanceUid} does not exist; it has {image.NumberOfFrames} frame(s)");
            }

            using var frame = image.DecodeFrame(request.Frame - 1, codecs);
            var rendered = FrameRenderer.Render(frame, image.CreateRenderOptions(WindowOf(request.Parameters)));
            if (request.Parameters is { ViewportWidth: { } width, ViewportHeight: { } height })
            {
                rendered = ImageResizer.Fit(rendered, width, height);
            }

            return PngEncoder.Encode(rendered);
        }
        catch (PixelDataException error)
        {
            // An instance without an image (SR, waveform…) or one whose image attributes are inconsistent.
            throw new DomainException($"Instance {instance.SopInstanceUid} cannot be rendered: {error.Message}");
        }
    }

    private static VoiWindow? WindowOf(RenderParameters parameters) =>
        parameters is { WindowCenter: { } center, WindowWidth: { } width }
            ? new VoiWindow(center, width, VoiWindow.ParseFunction(parameters.WindowFunction?.Replace('-', '_').ToUpperInvariant()))
            : null;
}
