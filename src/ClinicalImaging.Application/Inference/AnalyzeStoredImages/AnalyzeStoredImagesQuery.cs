using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImages;

/// <summary>
/// Scores several stored instances (by the archive's ids) in batched model runs: probabilities and findings, no
/// explanations, in the order given. All or nothing: an unknown id or an image no model can take fails the request,
/// naming the instance. Audited like any read of the instances' pixels.
/// </summary>
/// <param name="Model">A model id, or null / "auto" to choose per image by modality and body part.</param>
/// <param name="Frame">The frame of every instance to score, from 1.</param>
[RequiresAccess(AccessPolicies.InferenceRun)]
public sealed record AnalyzeStoredImagesQuery(IReadOnlyList<Guid> InstanceIds, string? Model = null, int Frame = 1) : IRequest<BatchAnalysis>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InferenceAnalyze;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => InstanceIds is null ? [] : InstanceIds.Select(id => id.ToString()).ToList();
}
