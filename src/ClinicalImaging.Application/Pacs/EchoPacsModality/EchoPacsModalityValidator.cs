using FluentValidation;

namespace ClinicalImaging.Application.Pacs.EchoPacsModality;

public sealed class EchoPacsModalityValidator : AbstractValidator<EchoPacsModalityCommand>
{
    public EchoPacsModalityValidator() => RuleFor(c => c.Modality).MustBeModalityName().OverridePropertyName("modality");
}
