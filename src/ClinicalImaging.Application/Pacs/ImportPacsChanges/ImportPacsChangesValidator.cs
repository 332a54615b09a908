using FluentValidation;

namespace ClinicalImaging.Application.Pacs.ImportPacsChanges;

public sealed class ImportPacsChangesValidator : AbstractValidator<ImportPacsChangesCommand>
{
    public ImportPacsChangesValidator() =>
        RuleFor(c => c.MaxChanges).InclusiveBetween(1, ImportPacsChangesCommand.MaxMaxChanges).OverridePropertyName("maxChanges");
}
