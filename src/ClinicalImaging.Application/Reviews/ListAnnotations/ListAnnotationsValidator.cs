using FluentValidation;

namespace ClinicalImaging.Application.Reviews.ListAnnotations;

public sealed class ListAnnotationsValidator : AbstractValidator<ListAnnotationsQuery>
{
    public ListAnnotationsValidator() => RuleFor(q => q.InstanceId).NotEmpty();
}
