using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Pacs.ImportPacsStudy;

public sealed class ImportPacsStudyValidator : AbstractValidator<ImportPacsStudyCommand>
{
    public ImportPacsStudyValidator()
    {
        RuleFor(c => c.Study).MustBePacsStudyReference().When(c => c.FromModality is null);
        RuleFor(c => c.Study).MustBeDicomUid("StudyInstanceUID").When(c => c.FromModality is not null);
        RuleFor(c => c.FromModality!).MustBeModalityName().When(c => c.FromModality is not null).OverridePropertyName("modality");
    }
}
