using FluentValidation;

namespace ClinicalImaging.Application.Inference.AnalyzeStoredImage;

public sealed class AnalyzeStoredImageValidator : AbstractValidator<AnalyzeStoredImageQuery>
{
    public AnalyzeStoredImageValidator()
    {
        RuleFor(q => q.InstanceId).NotEmpty().WithMessage("the image id is missing");
        RuleFor(q => q.Options).NotNull().SetValidator(new AnalysisOptionsValidator());
    }
}
