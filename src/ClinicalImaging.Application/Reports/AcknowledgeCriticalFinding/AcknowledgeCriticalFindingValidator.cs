using FluentValidation;

namespace ClinicalImaging.Application.Reports.AcknowledgeCriticalFinding;

public sealed class AcknowledgeCriticalFindingValidator : AbstractValidator<AcknowledgeCriticalFindingCommand>
{
    public AcknowledgeCriticalFindingValidator()
    {
        RuleFor(c => c.NotificationId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}
