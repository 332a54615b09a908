using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Analysis.GetStudyInferenceResults;

/// <summary>A study's inference results with their findings, and its triage.</summary>
[RequiresAccess(AccessPolicies.InferenceResultsRead)]
public sealed record GetStudyInferenceResultsQuery(string StudyInstanceUid) : IRequest<StudyInferenceResultsView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InferenceResultsRead;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
