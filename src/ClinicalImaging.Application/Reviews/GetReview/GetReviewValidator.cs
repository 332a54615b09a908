using FluentValidation;

namespace ClinicalImaging.Application.Reviews.GetReview;

public sealed class GetReviewValidator : AbstractValidator<GetReviewQuery>
{
    public GetReviewValidator() => RuleFor(q => q.InferenceResultId).NotEmpty();
}
