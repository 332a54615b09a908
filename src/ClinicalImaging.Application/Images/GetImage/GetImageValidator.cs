using FluentValidation;

namespace ClinicalImaging.Application.Images.GetImage;

public sealed class GetImageValidator : AbstractValidator<GetImageQuery>
{
    public GetImageValidator() => RuleFor(q => q.InstanceId).NotEmpty().WithMessage("the image id is missing");
}
