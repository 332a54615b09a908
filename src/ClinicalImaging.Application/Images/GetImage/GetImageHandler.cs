using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Images.GetImage;

public sealed class GetImageHandler(IStudySearch search) : IRequestHandler<GetImageQuery, ImageView>
{
    public async Task<ImageView> Handle(GetImageQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await search.GetImageAsync(request.InstanceId, cancellationToken)
            ?? throw new NotFoundException("Image", request.InstanceId.ToString());
    }
}
