using FluentValidation;

namespace ClinicalImaging.Application.Pacs.DownloadPacsStudy;

public sealed class DownloadPacsStudyValidator : AbstractValidator<DownloadPacsStudyQuery>
{
    public DownloadPacsStudyValidator() => RuleFor(q => q.Study).MustBePacsStudyReference();
}
