using FluentValidation;

namespace ClinicalImaging.Application.Reviews.DecideReview;

public sealed class DecideReviewValidator : AbstractValidator<DecideReviewCommand>
{
    public const int MaxLabels = 64;
    public const int MaxRegions = 256;

    public DecideReviewValidator()
    {
        RuleFor(c => c.InferenceResultId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Verdict).NotNull();
        When(c => c.Verdict is not null, () =>
        {
            RuleFor(c => c.Verdict.Decision).IsInEnum();
            RuleFor(c => c.Verdict.CorrectedLabels).NotNull().Must(l => l.Count <= MaxLabels).WithMessage($"at most {MaxLabels} corrected labels");
            RuleForEach(c => c.Verdict.CorrectedLabels).NotEmpty().MaximumLength(128);
            RuleFor(c => c.Verdict.CorrectedRegions).NotNull().Must(r => r.Count <= MaxRegions).WithMessage($"at most {MaxRegions} corrected regions");
            RuleForEach(c => c.Verdict.CorrectedRegions).ChildRules(region => region.RuleFor(r => r.Label).MaximumLength(128));
            RuleFor(c => c.Verdict.Comments).MaximumLength(4000);
        });
    }
}
