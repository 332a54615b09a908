using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Reviews;
using MediatR;

namespace ClinicalImaging.Application.Reviews.DecideReview;

/// <summary>
/// The radiologist's decision on an AI result (agree, disagree or modify, with corrected labels and regions and
/// comments), based on the review's version <paramref name="ExpectedVersion"/>: of two radiologists deciding on the
/// same version, one wins and the other gets a conflict.
/// </summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record DecideReviewCommand(Guid InferenceResultId, int ExpectedVersion, ReviewVerdict Verdict) : IRequest<ReviewView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReviewDecide;

    public string AuditResourceType => "Review";

    public IReadOnlyList<string> AuditResourceIds => [InferenceResultId.ToString()];
}
