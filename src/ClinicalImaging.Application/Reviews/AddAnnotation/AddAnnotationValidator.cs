using ClinicalImaging.Domain.Reviews;
using FluentValidation;

namespace ClinicalImaging.Application.Reviews.AddAnnotation;

public sealed class AddAnnotationValidator : AbstractValidator<AddAnnotationCommand>
{
    public AddAnnotationValidator()
    {
        RuleFor(c => c.InstanceId).NotEmpty();
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.Coordinates).NotNull();
        RuleFor(c => c.Text).MaximumLength(Annotation.MaxTextLength);
    }
}
