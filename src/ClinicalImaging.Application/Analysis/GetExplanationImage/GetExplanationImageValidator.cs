using FluentValidation;

namespace ClinicalImaging.Application.Analysis.GetExplanationImage;

public sealed class GetExplanationImageValidator : AbstractValidator<GetExplanationImageQuery>
{
    public GetExplanationImageValidator()
    {
        RuleFor(q => q.ResultId).NotEmpty();
        RuleFor(q => q.Image).IsInEnum();
    }
}
