using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Analysis.GetExplanationImage;

/// <summary>A result's heatmap or overlay PNG.</summary>
[RequiresAccess(AccessPolicies.InferenceResultsRead)]
public sealed record GetExplanationImageQuery(Guid ResultId, ExplanationImage Image) : IRequest<Stream>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ExplanationImageRead;

    public string AuditResourceType => "InferenceResult";

    public IReadOnlyList<string> AuditResourceIds => [ResultId.ToString()];
}
