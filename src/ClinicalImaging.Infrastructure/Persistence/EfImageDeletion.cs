using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Ports;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// Deletes an instance and whatever it leaves empty above it, with its audit event, in one transaction. The patient
/// row is locked first, as registrations lock it (decision 0004), so no registration can file a new instance into a
/// series or study while this deletion decides that it is empty.
/// </summary>
public sealed class EfImageDeletion(ClinicalImagingDbContext db, IAuditTrail auditTrail) : IImageDeletion
{
    public async Task<DeletedImage?> DeleteImageAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var target = await (
                from i in db.Instances.AsNoTracking()
                where i.Id == instanceId
                join s in db.Series on i.SeriesKey equals s.Id
                join st in db.Studies on s.StudyKey equals st.Id
                select new { i.SopInstanceUid, i.StoredObject.BlobKey, SeriesId = s.Id, s.SeriesInstanceUid, StudyId = st.Id, st.StudyInstanceUid })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return null;
        }

        // The study's owner when the lock is granted: a reconciliation may move the study while this waits.
        var patientKey = await StudyOwners.LockAsync(db, target.StudyInstanceUid, cancellationToken);
        // Another deletion of the same instance may have won while this one waited for the lock.
        if (patientKey is null || await db.Instances.Where(i => i.Id == instanceId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return null;
        }

        var seriesRemoved = await db.Series
            .Where(s => s.Id == target.SeriesId && !db.Instances.Any(i => i.SeriesKey == s.Id))
            .ExecuteDeleteAsync(cancellationToken) == 1;
        var studyRemoved = seriesRemoved && await db.Studies
            .Where(st => st.Id == target.StudyId && !db.Series.Any(s => s.StudyKey == st.Id))
            .ExecuteDeleteAsync(cancellationToken) == 1;
        var patientRemoved = studyRemoved && await db.Patients
            .Where(p => p.Id == patientKey && !db.Studies.Any(st => st.PatientKey == p.Id))
            .ExecuteDeleteAsync(cancellationToken) == 1;

        var deleted = new DeletedImage(
            instanceId, target.SopInstanceUid.Value, target.SeriesInstanceUid.Value, target.StudyInstanceUid.Value, target.BlobKey,
            seriesRemoved, studyRemoved, patientRemoved);
        await auditTrail.RecordAsync(
            new AuditRecord(AuditActions.InstanceDelete, "Instance", [instanceId.ToString(), deleted.SopInstanceUid, deleted.StudyInstanceUid], AuditOutcome.Success),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
