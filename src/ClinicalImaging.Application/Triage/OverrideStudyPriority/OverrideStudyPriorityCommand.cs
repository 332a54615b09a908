using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Inference;
using MediatR;

namespace ClinicalImaging.Application.Triage.OverrideStudyPriority;

/// <summary>
/// Sets a study's priority by hand, with the reason; the override wins over what the results compute until overridden
/// again. The change and its audit event commit together.
/// </summary>
[RequiresAccess(AccessPolicies.TriageOverride)]
public sealed record OverrideStudyPriorityCommand(string StudyInstanceUid, TriagePriority Priority, string Reason) : IRequest<StudyTriageView>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.StudyPriorityOverride;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}
