using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Orders.GetOrderImages;

public sealed class GetOrderImagesHandler(IImagingOrderStore orders, IStudyStore studies) : IRequestHandler<GetOrderImagesQuery, IReadOnlyList<SeriesView>>
{
    public async Task<IReadOnlyList<SeriesView>> Handle(GetOrderImagesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var order = await orders.GetViewAsync(request.OrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Imaging order", request.OrderId.ToString());
        if (order.StudyInstanceUid is null)
        {
            return [];
        }

        var study = await studies.GetStudyAsync(DicomUid.Parse(order.StudyInstanceUid, "StudyInstanceUID"), cancellationToken).ConfigureAwait(false);
        return study?.Series ?? [];
    }
}
