using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ListAnnotations;

public sealed class ListAnnotationsHandler(IReviewStore reviews) : IRequestHandler<ListAnnotationsQuery, IReadOnlyList<AnnotationView>>
{
    public async Task<IReadOnlyList<AnnotationView>> Handle(ListAnnotationsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await reviews.FindImageGeometryAsync(request.InstanceId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NotFoundException("Image", request.InstanceId.ToString());
        }

        return await reviews.ListAnnotationsAsync(request.InstanceId, cancellationToken).ConfigureAwait(false);
    }
}
