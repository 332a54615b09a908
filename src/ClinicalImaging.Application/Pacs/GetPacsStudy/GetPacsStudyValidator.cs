using FluentValidation;

namespace ClinicalImaging.Application.Pacs.GetPacsStudy;

public sealed class GetPacsStudyValidator : AbstractValidator<GetPacsStudyQuery>
{
    public GetPacsStudyValidator() => RuleFor(q => q.Study).MustBePacsStudyReference();
}
