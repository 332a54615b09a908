using FluentValidation;

namespace ClinicalImaging.Application.Reviews.ReleaseReview;

public sealed class ReleaseReviewValidator : AbstractValidator<ReleaseReviewCommand>
{
    public ReleaseReviewValidator()
    {
        RuleFor(c => c.InferenceResultId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}
