using FluentValidation;

namespace ClinicalImaging.Application.Pacs.QueryPacsModality;

public sealed class QueryPacsModalityValidator : AbstractValidator<QueryPacsModalityQuery>
{
    public QueryPacsModalityValidator()
    {
        RuleFor(q => q.Modality).MustBeModalityName().OverridePropertyName("modality");
        RuleFor(q => q.Query).NotNull().SetValidator(new PacsStudyQueryValidator());
    }
}
