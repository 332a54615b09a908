using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Domain.Jobs;
using MediatR;

namespace ClinicalImaging.Application.Analysis.AnalyzeStudy;

/// <summary>
/// Queues an inference job for each instance of a study and each model: the models named, or those the routing rules
/// choose for the instance's modality and body part. Queuing what is queued or done already finds the existing job.
/// </summary>
/// <param name="StudyInstanceUid">The study.</param>
/// <param name="Models">Model ids to run on every instance; null or empty: the routing rules decide per instance.</param>
/// <param name="Priority">Job priority, 0..100 (higher runs first; ingest queues at 0).</param>
/// <param name="CamMethod">The explanation method; null: each model's default.</param>
[RequiresAccess(AccessPolicies.AnalysisRun)]
public sealed record AnalyzeStudyCommand(string StudyInstanceUid, IReadOnlyList<string>? Models = null, int Priority = AnalyzeStudyCommand.DefaultPriority, CamMethod? CamMethod = null)
    : IRequest<AnalysisQueued>, IAuditedRequest
{
    public const int DefaultPriority = 50;
    public const int MaxPriority = 100;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.AnalysisQueue;

    public string AuditResourceType => "Study";

    public IReadOnlyList<string> AuditResourceIds => [StudyInstanceUid];
}

/// <summary>What was queued for a study.</summary>
/// <param name="UnroutedInstances">SOP Instance UIDs no model was routed to (no rule fits their modality and body part).</param>
public sealed record AnalysisQueued(string StudyInstanceUid, IReadOnlyList<QueuedAnalysis> Jobs, IReadOnlyList<string> UnroutedInstances);

/// <summary>One job: a model for an instance. Its status is the job's current one (an earlier request's job may be done).</summary>
public sealed record QueuedAnalysis(Guid JobId, string SopInstanceUid, string ModelId, string ModelVersion, JobStatus Status);
