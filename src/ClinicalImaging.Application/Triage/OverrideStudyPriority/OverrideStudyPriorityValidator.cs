using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Inference;
using FluentValidation;

namespace ClinicalImaging.Application.Triage.OverrideStudyPriority;

public sealed class OverrideStudyPriorityValidator : AbstractValidator<OverrideStudyPriorityCommand>
{
    public OverrideStudyPriorityValidator()
    {
        RuleFor(c => c.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Priority must be one of critical, urgent, routine, normal");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("A priority override needs a reason")
            .MaximumLength(StudyTriage.MaxReasonLength);
    }
}
