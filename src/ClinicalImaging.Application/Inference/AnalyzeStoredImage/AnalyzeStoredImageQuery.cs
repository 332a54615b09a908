using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImage;

/// <summary>
/// Runs a model on a frame of a stored instance (by the archive's id) and returns the result at once; nothing is
/// persisted. Reads the instance's pixels, so it is audited.
/// </summary>
[RequiresAccess(AccessPolicies.InferenceRun)]
public sealed record AnalyzeStoredImageQuery(Guid InstanceId, AnalysisOptions Options) : IRequest<ImageAnalysis>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InferenceAnalyze;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => [InstanceId.ToString()];
}
