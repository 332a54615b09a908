using FluentValidation;

namespace ClinicalImaging.Application.Reports.ListCriticalFindings;

public sealed class ListCriticalFindingsValidator : AbstractValidator<ListCriticalFindingsQuery>
{
    public ListCriticalFindingsValidator() => RuleFor(q => q.Limit).InclusiveBetween(1, ListCriticalFindingsQuery.MaxLimit);
}
