using FluentValidation;

namespace ClinicalImaging.Application.Images.DeleteImage;

public sealed class DeleteImageValidator : AbstractValidator<DeleteImageCommand>
{
    public DeleteImageValidator() => RuleFor(c => c.InstanceId).NotEmpty().WithMessage("the image id is missing");
}
