using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.ReleaseReview;

/// <summary>Puts a claimed AI result back on the shared worklist (in review → pending); only its assignee may, based on the review's version <paramref name="ExpectedVersion"/>.</summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record ReleaseReviewCommand(Guid InferenceResultId, int ExpectedVersion) : IRequest<ReviewView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ReviewRelease;

    public string AuditResourceType => "Review";

    public IReadOnlyList<string> AuditResourceIds => [InferenceResultId.ToString()];
}
