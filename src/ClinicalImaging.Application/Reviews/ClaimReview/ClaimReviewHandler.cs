using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ClaimReview;

public sealed class ClaimReviewHandler(IReviewStore reviews, IWorkflowUnitOfWork unitOfWork, ICurrentUser user, IClock clock)
    : IRequestHandler<ClaimReviewCommand, ReviewView>
{
    public async Task<ReviewView> Handle(ClaimReviewCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, review) = await ReviewChange.BeginAsync(reviews, request.InferenceResultId, request.ExpectedVersion, cancellationToken).ConfigureAwait(false);
        review.Claim(user.ActorId, clock.UtcNow);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        return (await reviews.GetViewAsync(request.InferenceResultId, cancellationToken).ConfigureAwait(false))!;
    }
}
