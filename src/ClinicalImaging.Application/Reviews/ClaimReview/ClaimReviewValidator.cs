using FluentValidation;

namespace ClinicalImaging.Application.Reviews.ClaimReview;

public sealed class ClaimReviewValidator : AbstractValidator<ClaimReviewCommand>
{
    public ClaimReviewValidator()
    {
        RuleFor(c => c.InferenceResultId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}
