using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reviews.GetWorklist;

/// <summary>AI results waiting for a radiologist (pending or in review), critical first, then the oldest analysis.</summary>
[RequiresAccess(AccessPolicies.Review)]
public sealed record GetWorklistQuery(WorklistFilter Filter) : IRequest<IReadOnlyList<WorklistItem>>, IAuditedRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.WorklistRead;

    public string AuditResourceType => "Review";

    public IReadOnlyList<string> AuditResourceIds => [];
}
