using FluentValidation;

namespace ClinicalImaging.Application.Reports.ListOrderReports;

public sealed class ListOrderReportsValidator : AbstractValidator<ListOrderReportsQuery>
{
    public ListOrderReportsValidator() => RuleFor(q => q.OrderId).NotEmpty();
}
