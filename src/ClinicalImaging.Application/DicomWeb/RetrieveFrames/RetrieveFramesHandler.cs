using ClinicalImaging.Dicom.Imaging.Codecs;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveFrames;

public sealed class RetrieveFramesHandler(StoredImages images, PixelCodecRegistry codecs) : IRequestHandler<RetrieveFramesQuery, IReadOnlyList<byte[]>>
{
    public Task<IReadOnlyList<byte[]>> Handle(RetrieveFramesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return images.UseAsync<IReadOnlyList<byte[]>>(request.Scope, (image, instance) =>
        {
            foreach (var number in request.Frames)
            {
                StoredImages.EnsureFrameExists(image, instance, number);
            }

            // One frame decoded at a time; each is copied out before its pooled buffer goes back.
            return request.Frames.Select(number =>
            {
                using var frame = image.DecodeFrame(number - 1, codecs);
                return frame.Bytes.ToArray();
            }).ToList();
        }, cancellationToken);
    }
}
