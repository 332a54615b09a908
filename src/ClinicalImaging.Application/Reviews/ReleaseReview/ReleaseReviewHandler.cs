using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ReleaseReview;

public sealed class ReleaseReviewHandler(IReviewStore reviews, IWorkflowUnitOfWork unitOfWork, ICurrentUser user)
    : IRequestHandler<ReleaseReviewCommand, ReviewView>
{
    public async Task<ReviewView> Handle(ReleaseReviewCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, review) = await ReviewChange.BeginAsync(reviews, request.InferenceResultId, request.ExpectedVersion, cancellationToken).ConfigureAwait(false);
        review.Release(user.ActorId);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        return (await reviews.GetViewAsync(request.InferenceResultId, cancellationToken).ConfigureAwait(false))!;
    }
}
