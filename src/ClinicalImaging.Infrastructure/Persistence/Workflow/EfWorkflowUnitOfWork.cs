using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence.Workflow;

/// <summary>
/// Saves what the workflow stores track on the request's context and the audit record in one transaction. Version
/// columns are EF concurrency tokens: an UPDATE whose row moved on matches nothing, EF reports it, and the caller gets
/// a 409. The context is left empty either way, so a failed change cannot ride along with a later one.
/// </summary>
internal sealed class EfWorkflowUnitOfWork(ClinicalImagingDbContext db, IAuditTrail auditTrail, IClock clock) : IWorkflowUnitOfWork
{
    /// <summary>Unique indexes whose violation is a conflict a client can act on, with what to tell it.</summary>
    private static readonly Dictionary<string, (string Message, string Reason)> UniqueConflicts = new(StringComparer.Ordinal)
    {
        ["ux_imaging_orders_accession_number"] = ("an order with this accession number already exists", WorkflowConflicts.AccessionNumberTaken),
        ["ux_imaging_orders_order_number"] = ("an order with this order number already exists", WorkflowConflicts.OrderNumberTaken),
        ["ux_radiology_reports_order_key_revision"] = (
            "the order already has a report of this revision: a draft in progress or an amendment someone started", WorkflowConflicts.ReportRevisionExists),
        ["ux_reviews_inference_result_id"] = ("another radiologist changed this review first; reload and retry", WorkflowConflicts.VersionConflict),
    };

    public async Task SaveAsync(AuditRecord audit, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        foreach (var entry in db.ChangeTracker.Entries<Entity>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.Touch(now);
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await auditTrail.RecordAsync(audit, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException(
                "someone changed this resource since it was read (its version moved on); reload and retry", WorkflowConflicts.VersionConflict);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
                                                  && unique.ConstraintName is { } name && UniqueConflicts.TryGetValue(name, out var conflict))
        {
            throw new ConflictException(conflict.Message, conflict.Reason);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
