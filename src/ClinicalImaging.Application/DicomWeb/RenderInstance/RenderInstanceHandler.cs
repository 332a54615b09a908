using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RenderInstance;

public sealed class RenderInstanceHandler(StoredImages images, PixelCodecRegistry codecs) : IRequestHandler<RenderInstanceQuery, byte[]>
{
    public Task<byte[]> Handle(RenderInstanceQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return images.UseAsync(request.Scope, (image, instance) =>
        {
            StoredImages.EnsureFrameExists(image, instance, request.Frame);
            using var frame = image.DecodeFrame(request.Frame - 1, codecs);
            var rendered = FrameRenderer.Render(frame, image.CreateRenderOptions(WindowOf(request.Parameters)));
            if (request.Parameters is { ViewportWidth: { } width, ViewportHeight: { } height })
            {
                rendered = ImageResizer.Fit(rendered, width, height);
            }

            return PngEncoder.Encode(rendered);
        }, cancellationToken);
    }

    private static VoiWindow? WindowOf(RenderParameters parameters) =>
        parameters is { WindowCenter: { } center, WindowWidth: { } width }
            ? new VoiWindow(center, width, VoiWindow.ParseFunction(parameters.WindowFunction?.Replace('-', '_').ToUpperInvariant()))
            : null;
}
