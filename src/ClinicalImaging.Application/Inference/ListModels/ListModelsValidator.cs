using FluentValidation;

namespace ClinicalImaging.Application.Inference.ListModels;

/// <summary>The query has no parameters; the validator exists so every use case has one.</summary>
public sealed class ListModelsValidator : AbstractValidator<ListModelsQuery>
{
    public ListModelsValidator() => RuleFor(q => q).NotNull();
}
