using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.DecideReview;

public sealed class DecideReviewHandler(IReviewStore reviews, IWorkflowUnitOfWork unitOfWork, ICurrentUser user, IClock clock)
    : IRequestHandler<DecideReviewCommand, ReviewView>
{
    public async Task<ReviewView> Handle(DecideReviewCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (subject, review) = await ReviewChange.BeginAsync(reviews, request.InferenceResultId, request.ExpectedVersion, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        review.Decide(user.ActorId, request.Verdict, now);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        WorkflowMetrics.RecordReviewDecision(request.Verdict.Decision, now - subject.AnalysedAt);
        return (await reviews.GetViewAsync(request.InferenceResultId, cancellationToken).ConfigureAwait(false))!;
    }
}
