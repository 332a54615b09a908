using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Inference;
using FluentValidation;

namespace ClinicalImaging.Application.Analysis.AnalyzeStudy;

public sealed class AnalyzeStudyValidator : AbstractValidator<AnalyzeStudyCommand>
{
    public AnalyzeStudyValidator()
    {
        RuleFor(c => c.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
        RuleForEach(c => c.Models).NotEmpty().MaximumLength(InferenceResult.MaxModelIdLength).WithMessage("A model id must be 1 to 128 characters");
        RuleFor(c => c.Priority).InclusiveBetween(0, AnalyzeStudyCommand.MaxPriority);
        RuleFor(c => c.CamMethod).IsInEnum();
    }
}
