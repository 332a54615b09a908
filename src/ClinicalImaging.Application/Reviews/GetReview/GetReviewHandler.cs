using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Reviews;
using MediatR;

namespace ClinicalImaging.Application.Reviews.GetReview;

public sealed class GetReviewHandler(IReviewStore reviews) : IRequestHandler<GetReviewQuery, ReviewView>
{
    public async Task<ReviewView> Handle(GetReviewQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await reviews.GetViewAsync(request.InferenceResultId, cancellationToken).ConfigureAwait(false) is { } view)
        {
            return view;
        }

        return await reviews.FindSubjectAsync(request.InferenceResultId, cancellationToken).ConfigureAwait(false) is null
            ? throw new NotFoundException("Inference result", request.InferenceResultId.ToString())
            : new ReviewView(request.InferenceResultId, ReviewStatus.Pending, null, null, null, null, null, 0);
    }
}
