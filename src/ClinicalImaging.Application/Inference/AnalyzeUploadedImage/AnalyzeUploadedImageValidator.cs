using FluentValidation;

namespace ClinicalImaging.Application.Inference.AnalyzeUploadedImage;

public sealed class AnalyzeUploadedImageValidator : AbstractValidator<AnalyzeUploadedImageCommand>
{
    public AnalyzeUploadedImageValidator()
    {
        RuleFor(c => c.Content).NotNull().WithMessage("the DICOM file is missing");
        RuleFor(c => c.FileName).NotEmpty().MaximumLength(255);
        RuleFor(c => c.Options).NotNull().SetValidator(new AnalysisOptionsValidator());
    }
}
