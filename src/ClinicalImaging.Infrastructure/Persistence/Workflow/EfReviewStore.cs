using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Reviews;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence.Workflow;

/// <summary>
/// Reviews and annotations in PostgreSQL, and the worklist: every AI result without a final review, ranked by the
/// study's effective triage priority (a person's override included; the result's own priority until the study has
/// one), then by the age of the analysis.
/// </summary>
internal sealed class EfReviewStore(ClinicalImagingDbContext db) : IReviewStore
{
    private DbSet<Review> Reviews => db.Set<Review>();

    private DbSet<Annotation> Annotations => db.Set<Annotation>();

    private DbSet<InferenceResult> Results => db.Set<InferenceResult>();

    public Task<ReviewSubject?> FindSubjectAsync(Guid inferenceResultId, CancellationToken cancellationToken) =>
        Results.AsNoTracking()
            .Where(r => r.Id == inferenceResultId)
            .Select(r => new ReviewSubject(r.Id, r.StudyKey, r.CompletedAt))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<Review?> FindAsync(Guid inferenceResultId, CancellationToken cancellationToken) =>
        Reviews.FirstOrDefaultAsync(r => r.InferenceResultId == inferenceResultId, cancellationToken);

    public void Add(Review review) => Reviews.Add(review);

    public Task<ReviewView?> GetViewAsync(Guid inferenceResultId, CancellationToken cancellationToken) =>
        Reviews.AsNoTracking()
            .Where(r => r.InferenceResultId == inferenceResultId)
            .Select(r => new ReviewView(r.InferenceResultId, r.Status, r.AssigneeId, r.ClaimedAt, r.Verdict, r.ReviewedBy, r.ReviewedAt, r.Version))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(WorklistFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var items =
            from r in Results
            join rv in Reviews on r.Id equals rv.InferenceResultId into reviews
            from rv in reviews.DefaultIfEmpty()
            join t in db.Set<StudyTriage>() on r.StudyKey equals t.StudyKey into triage
            from t in triage.DefaultIfEmpty()
            join i in db.Instances on r.InstanceKey equals i.Id
            join se in db.Series on i.SeriesKey equals se.Id
            join st in db.Studies on se.StudyKey equals st.Id
            where rv == null || rv.Status != ReviewStatus.Final
            select new WorklistRow
            {
                InferenceResultId = r.Id,
                InstanceId = r.InstanceKey,
                StudyInstanceUid = st.StudyInstanceUid,
                AccessionNumber = st.Details.AccessionNumber,
                Modality = se.Details.Modality,
                BodyPart = se.Details.BodyPartExamined,
                Priority = t != null ? t.Priority : r.Priority,
                ModelId = r.ModelId,
                AnalysedAt = r.CompletedAt,
                Status = rv != null ? rv.Status : ReviewStatus.Pending,
                AssigneeId = rv != null ? rv.AssigneeId : null,
                Version = rv != null ? rv.Version : 0,
            };

        if (filter.Priority is not null && TriagePriorityNames.TryParse(filter.Priority, out var priority))
        {
            items = items.Where(w => w.Priority == priority);
        }

        if (filter.Modality is { } modality)
        {
            items = items.Where(w => w.Modality == modality);
        }

        if (filter.Status is { } status)
        {
            items = items.Where(w => w.Status == status);
        }

        if (filter.AssigneeId is { } assignee)
        {
            items = items.Where(w => w.AssigneeId == assignee);
        }

        var rows = await items.AsNoTracking()
            .OrderByDescending(w => w.Priority).ThenBy(w => w.AnalysedAt).ThenBy(w => w.InferenceResultId)
            .Take(filter.Limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(w => new WorklistItem(
                w.InferenceResultId, w.InstanceId, w.StudyInstanceUid.Value, w.AccessionNumber, w.Modality, w.BodyPart, w.Priority.ToName(),
                w.ModelId, w.AnalysedAt, w.Status, w.AssigneeId, w.Version))
            .ToList();
    }

    public async Task<IReadOnlyList<ReviewedResult>> ListFinalForStudyAsync(Guid studyKey, CancellationToken cancellationToken)
    {
        var rows = await (
                from r in Results.AsNoTracking()
                join rv in Reviews on r.Id equals rv.InferenceResultId
                where r.StudyKey == studyKey && rv.Status == ReviewStatus.Final
                orderby r.CompletedAt, r.Id
                select new { r.Id, r.ModelId, r.Probabilities, r.Priority, rv.Verdict })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(row => new ReviewedResult(
                row.Id, row.ModelId, row.Probabilities.Where(p => p.IsPositive).Select(p => p.Label).ToList(), row.Priority, row.Verdict!))
            .ToList();
    }

    public Task<ImageGeometry?> FindImageGeometryAsync(Guid instanceId, CancellationToken cancellationToken) =>
        db.Instances.AsNoTracking()
            .Where(i => i.Id == instanceId)
            .Select(i => new ImageGeometry(i.Image.Rows, i.Image.Columns, i.Acquisition.PixelSpacingRowMm, i.Acquisition.PixelSpacingColumnMm))
            .FirstOrDefaultAsync(cancellationToken);

    public void Add(Annotation annotation) => Annotations.Add(annotation);

    public async Task<IReadOnlyList<AnnotationView>> ListAnnotationsAsync(Guid instanceId, CancellationToken cancellationToken) =>
        await Annotations.AsNoTracking()
            .Where(a => a.InstanceKey == instanceId)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new AnnotationView(a.Id, a.InstanceKey, a.Kind, a.Coordinates, a.Text, a.LengthMm, a.AuthorId, a.CreatedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A worklist row before its UID and priority are turned into their API forms (filters compose on it in SQL).</summary>
    private sealed class WorklistRow
    {
        public Guid InferenceResultId { get; init; }

        public Guid InstanceId { get; init; }

        public DicomUid StudyInstanceUid { get; init; }

        public string? AccessionNumber { get; init; }

        public string? Modality { get; init; }

        public string? BodyPart { get; init; }

        public TriagePriority Priority { get; init; }

        public required string ModelId { get; init; }

        public DateTimeOffset AnalysedAt { get; init; }

        public ReviewStatus Status { get; init; }

        public string? AssigneeId { get; init; }

        public int Version { get; init; }
    }
}
