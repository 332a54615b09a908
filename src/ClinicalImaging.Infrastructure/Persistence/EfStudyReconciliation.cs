using System.Text.Json;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Studies.ReconcileStudy;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// Reconciliation in one transaction (decision 0811). Locks are taken in one order, the study's unidentified patient
/// first and then the target patient; the only other writer holding several patient locks, a registration group
/// (decision 0812), takes unidentified patients before identified ones too, so this cannot deadlock with ingest,
/// deletion or another reconciliation (PostgreSQL's deadlock detection and the group's retry remain the backstop).
/// </summary>
public sealed class EfStudyReconciliation(ClinicalImagingDbContext db, IAuditTrail auditTrail, IClock clock) : IStudyReconciliation
{
    public async Task<StudyReconciliation?> ReconcileAsync(DicomUid studyInstanceUid, PatientIdentity patient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        try
        {
            return await ReconcileOnceAsync(studyInstanceUid, patient, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<StudyReconciliation?> ReconcileOnceAsync(DicomUid studyInstanceUid, PatientIdentity patient, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await StudyOwners.LockAsync(db, studyInstanceUid, cancellationToken).ConfigureAwait(false) is not { } ownerKey)
        {
            return null;
        }

        var unidentified = await db.Patients.SingleAsync(p => p.Id == ownerKey, cancellationToken).ConfigureAwait(false);
        if (unidentified.IsIdentified)
        {
            throw new ConflictException(
                $"StudyInstanceUID {studyInstanceUid} is filed under an identified patient; only a study of an unidentified patient (empty Patient ID) can be reconciled",
                ReconciliationConflicts.StudyPatientIdentified);
        }

        var now = clock.UtcNow;
        var target = await PatientRows.FindOrCreateAsync(
            db, patient.PatientId, patient.IssuerOfPatientId ?? unidentified.IssuerOfPatientId, now, lockRow: true, cancellationToken).ConfigureAwait(false);
        if (target.DemographicsContradictedBy(patient.PatientName, patient.BirthDate, patient.Sex) is [_, ..] contradicted)
        {
            throw new ConflictException(
                $"{string.Join(", ", contradicted.Select(JsonNamingPolicy.CamelCase.ConvertName))}: the patient with this Patient ID has another value on record, " +
                "which reconciliation never overwrites; leave out what the record already holds",
                ReconciliationConflicts.PatientDemographicsDiffer);
        }

        if (target.UpdateDemographics(patient.PatientName, patient.BirthDate, patient.Sex))
        {
            target.Touch(now);
        }

        var study = await db.Studies.SingleAsync(s => s.StudyInstanceUid == studyInstanceUid, cancellationToken).ConfigureAwait(false);
        study.ReconcileTo(target, now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // The unidentified patient owned only this study (decision 0808) and nothing else refers to a patient without a
        // Patient ID (orders need one), so it goes; a foreign key would refuse the whole transaction otherwise.
        await db.Patients.Where(p => p.Id == unidentified.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await auditTrail.RecordAsync(
            new AuditRecord(AuditActions.StudyReconcile, "Study", [studyInstanceUid.Value, study.Id.ToString(), unidentified.Id.ToString(), target.Id.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new StudyReconciliation(study.Id, unidentified.Id, target.Id);
    }
}
