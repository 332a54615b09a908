using FluentValidation;

namespace ClinicalImaging.Application.Orders.CompleteOrder;

public sealed class CompleteOrderValidator : AbstractValidator<CompleteOrderCommand>
{
    public CompleteOrderValidator()
    {
        RuleFor(c => c.OrderId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}
