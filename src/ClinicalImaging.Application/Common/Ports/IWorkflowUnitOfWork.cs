using ClinicalImaging.Application.Audit;

namespace ClinicalImaging.Application.Common.Ports;

/// <summary>
/// Commits the workflow changes a use case made to what the workflow stores (orders, reviews, reports) handed it or
/// were given, together with the change's audit record, in one transaction. A row that someone else changed since it
/// was read fails the whole save with a <see cref="Exceptions.ConflictException"/> (<see cref="WorkflowConflicts.VersionConflict"/>),
/// as does a second row where only one may exist.
/// </summary>
public interface IWorkflowUnitOfWork
{
    Task SaveAsync(AuditRecord audit, CancellationToken cancellationToken);
}

/// <summary>The reason codes of the workflow's 409 answers, documented in docs/workflow.md.</summary>
public static class WorkflowConflicts
{
    /// <summary>The request was based on a version of the resource that is no longer current.</summary>
    public const string VersionConflict = "version-conflict";

    /// <summary>The state machine does not allow the action from the resource's current state.</summary>
    public const string IllegalTransition = "illegal-transition";

    public const string AccessionNumberTaken = "accession-number-taken";

    public const string OrderNumberTaken = "order-number-taken";

    /// <summary>The order already has a report of that revision: a draft in progress, or an amendment someone started.</summary>
    public const string ReportRevisionExists = "report-revision-exists";
}
