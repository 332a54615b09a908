using FluentValidation;

namespace ClinicalImaging.Application.Pacs.SearchPacsStudies;

public sealed class SearchPacsStudiesValidator : AbstractValidator<SearchPacsStudiesQuery>
{
    public SearchPacsStudiesValidator()
    {
        RuleFor(q => q.Query).NotNull().SetValidator(new PacsStudyQueryValidator());
    }
}
