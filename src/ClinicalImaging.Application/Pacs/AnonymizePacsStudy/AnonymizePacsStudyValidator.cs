using FluentValidation;

namespace ClinicalImaging.Application.Pacs.AnonymizePacsStudy;

public sealed class AnonymizePacsStudyValidator : AbstractValidator<AnonymizePacsStudyCommand>
{
    public AnonymizePacsStudyValidator() => RuleFor(c => c.Study).MustBePacsStudyReference();
}
