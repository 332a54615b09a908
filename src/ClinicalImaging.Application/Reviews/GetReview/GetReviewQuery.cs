using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.GetReview;

/// <summary>The review of an AI result; a result nobody has touched yet is pending at version 0.</summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record GetReviewQuery(Guid InferenceResultId) : IRequest<ReviewView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ReviewRead;

    public string AuditResourceType => "Review";

    public IReadOnlyList<string> AuditResourceIds => [InferenceResultId.ToString()];
}
