using MediatR;

namespace ClinicalImaging.Application.Reviews.GetWorklist;

public sealed class GetWorklistHandler(IReviewStore reviews) : IRequestHandler<GetWorklistQuery, IReadOnlyList<WorklistItem>>
{
    public Task<IReadOnlyList<WorklistItem>> Handle(GetWorklistQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return reviews.GetWorklistAsync(request.Filter, cancellationToken);
    }
}
