using FluentValidation;

namespace ClinicalImaging.Application.Orders.GetOrderImages;

public sealed class GetOrderImagesValidator : AbstractValidator<GetOrderImagesQuery>
{
    public GetOrderImagesValidator() => RuleFor(q => q.OrderId).NotEmpty();
}
