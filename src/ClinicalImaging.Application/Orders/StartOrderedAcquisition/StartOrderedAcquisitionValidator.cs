using FluentValidation;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

public sealed class StartOrderedAcquisitionValidator : AbstractValidator<StartOrderedAcquisitionCommand>
{
    public StartOrderedAcquisitionValidator() => RuleFor(c => c.StudyKey).NotEmpty();
}
