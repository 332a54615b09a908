using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Reviews;

namespace ClinicalImaging.Application.Reviews;

/// <summary>The start of every review change: the result must exist; its review is created on first touch at version 0.</summary>
internal static class ReviewChange
{
    public static async Task<(ReviewSubject Subject, Review Review)> BeginAsync(
        IReviewStore reviews, Guid inferenceResultId, int expectedVersion, CancellationToken cancellationToken)
    {
        var subject = await reviews.FindSubjectAsync(inferenceResultId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Inference result", inferenceResultId.ToString());
        var review = await reviews.FindAsync(inferenceResultId, cancellationToken).ConfigureAwait(false);
        if (review is null)
        {
            review = Review.Open(inferenceResultId);
            reviews.Add(review);
        }

        ExpectedVersion.Ensure(review, expectedVersion, "Review");
        return (subject, review);
    }
}
