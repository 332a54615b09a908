using System.Data;
using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// Inference results, findings and study triage in PostgreSQL (migration 0008). A study's triage row is created on
/// first use and locked for every change, so results stored at once by several workers, and a person's override,
/// serialise on it and the computed priority is always the highest of the committed results.
/// </summary>
public sealed class EfInferenceResultStore(ClinicalImagingDbContext db, IAuditTrail auditTrail, IClock clock) : IInferenceResultStore
{
    private const string UniqueResultIndex = "ux_inference_results_instance_model_version";

    public Task<bool> HasResultAsync(Guid instanceId, string modelId, string modelVersion, CancellationToken cancellationToken) =>
        db.InferenceResults.AnyAsync(r => r.InstanceKey == instanceId && r.ModelId == modelId && r.ModelVersion == modelVersion, cancellationToken);

    public Task<AnalysisTarget?> GetTargetAsync(Guid instanceId, CancellationToken cancellationToken) =>
        Targets(db.Instances.Where(i => i.Id == instanceId)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AnalysisTarget>?> GetStudyTargetsAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken)
    {
        var studyKey = await StudyKeyAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (studyKey is null)
        {
            return null;
        }

        return await Targets(db.Instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && s.StudyKey == studyKey)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> SaveAsync(InferenceResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            result.TouchWithFindings(clock.UtcNow);
            db.InferenceResults.Add(result);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException error) when (error.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: UniqueResultIndex })
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return false;
        }

        var triage = await LockTriageAsync(result.StudyKey, cancellationToken).ConfigureAwait(false);
        var results = await db.InferenceResults.AsNoTracking()
            .Where(r => r.StudyKey == result.StudyKey)
            .Select(r => new { r.Priority, r.NeedsReview })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        triage.UpdateComputed(results.Max(r => r.Priority), results.Any(r => r.NeedsReview));
        triage.Touch(clock.UtcNow);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return true;
    }

    public async Task<StudyInferenceResultsView?> GetStudyResultsAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken)
    {
        // One snapshot for every read: a result committed between them (with the triage it changed) would otherwise
        // show beside the triage from before it, or beside none.
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var studyKey = await StudyKeyAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false);
        if (studyKey is null)
        {
            return null;
        }

        var triage = await db.StudyTriage.AsNoTracking().FirstOrDefaultAsync(t => t.StudyKey == studyKey, cancellationToken).ConfigureAwait(false);
        var results = await db.InferenceResults.AsNoTracking()
            .Include(r => r.Findings)
            .Where(r => r.StudyKey == studyKey)
            .OrderByDescending(r => r.CompletedAt).ThenBy(r => r.ModelId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var instanceKeys = results.Select(r => r.InstanceKey).Distinct().ToList();
        var uids = await (
                from i in db.Instances
                join s in db.Series on i.SeriesKey equals s.Id
                where instanceKeys.Contains(i.Id)
                select new { i.Id, Series = s.SeriesInstanceUid.Value, Sop = i.SopInstanceUid.Value })
            .ToDictionaryAsync(x => x.Id, cancellationToken).ConfigureAwait(false);
        return new StudyInferenceResultsView(
            studyInstanceUid.Value,
            triage is null ? null : View(triage),
            results.Select(r => View(r, uids[r.InstanceKey].Series, uids[r.InstanceKey].Sop)).ToList());
    }

    public async Task<string?> GetExplanationImageKeyAsync(Guid resultId, ExplanationImage image, CancellationToken cancellationToken)
    {
        var keys = await db.InferenceResults.AsNoTracking()
            .Where(r => r.Id == resultId)
            .Select(r => new { r.HeatmapBlobKey, r.OverlayBlobKey })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return image == ExplanationImage.Heatmap ? keys?.HeatmapBlobKey : keys?.OverlayBlobKey;
    }

    public async Task<StudyTriageView> OverridePriorityAsync(
        DicomUid studyInstanceUid, TriagePriority priority, string reason, string actorId, AuditRecord audit, CancellationToken cancellationToken)
    {
        var studyKey = await StudyKeyAsync(studyInstanceUid, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", studyInstanceUid.Value);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var triage = await LockTriageAsync(studyKey, cancellationToken).ConfigureAwait(false);
        var now = clock.UtcNow;
        triage.Override(priority, reason, actorId, now);
        triage.Touch(now);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await auditTrail.RecordAsync(audit, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return View(triage);
    }

    /// <summary>The study's triage row, created (normal, nothing computed yet) if absent, locked until the transaction ends.</summary>
    private async Task<StudyTriage> LockTriageAsync(Guid studyKey, CancellationToken cancellationToken)
    {
        var candidate = StudyTriage.Create(studyKey);
        var now = clock.UtcNow;
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO study_triage (id, study_key, computed_priority, needs_review, priority, created_at, updated_at)
            VALUES ({candidate.Id}, {studyKey}, 0, false, 0, {now}, {now})
            ON CONFLICT (study_key) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
        return await db.StudyTriage.FromSql($"SELECT * FROM study_triage WHERE study_key = {studyKey} FOR UPDATE")
            .SingleAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<Guid?> StudyKeyAsync(DicomUid studyInstanceUid, CancellationToken cancellationToken) =>
        await db.Studies.Where(s => s.StudyInstanceUid == studyInstanceUid).Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    private IQueryable<AnalysisTarget> Targets(IQueryable<Instance> instances) =>
        from i in instances.AsNoTracking()
        join s in db.Series on i.SeriesKey equals s.Id
        join st in db.Studies on s.StudyKey equals st.Id
        orderby s.Details.SeriesNumber, s.SeriesInstanceUid, i.InstanceNumber, i.SopInstanceUid
        select new AnalysisTarget(
            new StoredInstance(
                i.Id,
                st.StudyInstanceUid.Value,
                s.SeriesInstanceUid.Value,
                i.SopInstanceUid.Value,
                i.SopClassUid.Value,
                i.TransferSyntaxUid.Value,
                i.StoredObject.BlobKey,
                i.StoredObject.SizeBytes),
            st.Id,
            s.Details.Modality,
            s.Details.BodyPartExamined,
            i.CreatedAt);

    private static StudyTriageView View(StudyTriage t) =>
        new(t.Priority, t.ComputedPriority, t.NeedsReview, t.OverridePriority, t.OverrideReason, t.OverriddenBy, t.OverriddenAt);

    private static InferenceResultView View(InferenceResult r, string seriesUid, string sopUid) => new(
        r.Id,
        seriesUid,
        sopUid,
        r.JobId,
        r.ModelId,
        r.ModelVersion,
        r.ModelTask,
        r.Probabilities,
        r.Confidence,
        r.Uncertainty,
        r.CamMethod,
        r.CamTargetLabel,
        r.HeatmapBlobKey is not null,
        r.OverlayBlobKey is not null,
        r.AttentionRegions,
        r.QualityScore,
        r.Priority,
        r.NeedsReview,
        r.ReviewReasons,
        r.QueuedAt,
        r.StartedAt,
        r.CompletedAt,
        r.InferenceDurationMs,
        r.Findings.OrderBy(f => f.Ordinal)
            .Select(f => new FindingView(f.Label, f.Confidence, f.Threshold, f.Severity, f.LocationDescription, f.Location, f.Recommendation))
            .ToList());
}
