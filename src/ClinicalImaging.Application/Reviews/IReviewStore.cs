using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Reviews;

/// <summary>Reviews of AI results, the worklist, and image annotations. Changes are committed by <see cref="Common.Ports.IWorkflowUnitOfWork"/>.</summary>
public interface IReviewStore
{
    Task<ReviewSubject?> FindSubjectAsync(Guid inferenceResultId, CancellationToken cancellationToken);

    /// <summary>The review of the result, tracked for change; null while nobody has touched the result.</summary>
    Task<Review?> FindAsync(Guid inferenceResultId, CancellationToken cancellationToken);

    void Add(Review review);

    Task<ReviewView?> GetViewAsync(Guid inferenceResultId, CancellationToken cancellationToken);

    Task<IReadOnlyList<WorklistItem>> GetWorklistAsync(WorklistFilter filter, CancellationToken cancellationToken);

    /// <summary>The final reviews of the study's results, oldest analysis first.</summary>
    Task<IReadOnlyList<ReviewedResult>> ListFinalForStudyAsync(Guid studyKey, CancellationToken cancellationToken);

    /// <summary>The extent and pixel spacing of an image; null when no such instance is stored.</summary>
    Task<ImageGeometry?> FindImageGeometryAsync(Guid instanceId, CancellationToken cancellationToken);

    void Add(Annotation annotation);

    Task<IReadOnlyList<AnnotationView>> ListAnnotationsAsync(Guid instanceId, CancellationToken cancellationToken);
}
