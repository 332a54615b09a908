using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ClaimReview;

/// <summary>Takes an AI result off the shared worklist for the calling radiologist (pending → in review), based on the review's version <paramref name="ExpectedVersion"/>.</summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record ClaimReviewCommand(Guid InferenceResultId, int ExpectedVersion) : IRequest<ReviewView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReviewClaim;

    public string AuditResourceType => "Review";

    public IReadOnlyList<string> AuditResourceIds => [InferenceResultId.ToString()];
}
