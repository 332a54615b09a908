using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.GetWorklist;

public sealed class GetWorklistHandler(IReviewStore reviews, ICurrentUser user) : IRequestHandler<GetWorklistQuery, IReadOnlyList<WorklistItem>>
{
    /// <summary>The assignee filter's name for the caller.</summary>
    public const string Me = "me";

    public Task<IReadOnlyList<WorklistItem>> Handle(GetWorklistQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = request.Filter.AssigneeId == Me ? request.Filter with { AssigneeId = user.ActorId } : request.Filter;
        return reviews.GetWorklistAsync(filter, cancellationToken);
    }
}
