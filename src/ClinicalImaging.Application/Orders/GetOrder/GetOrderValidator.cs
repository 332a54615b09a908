using FluentValidation;

namespace ClinicalImaging.Application.Orders.GetOrder;

public sealed class GetOrderValidator : AbstractValidator<GetOrderQuery>
{
    public GetOrderValidator() => RuleFor(q => q.OrderId).NotEmpty();
}
