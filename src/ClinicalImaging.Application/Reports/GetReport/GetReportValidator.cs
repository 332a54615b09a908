using FluentValidation;

namespace ClinicalImaging.Application.Reports.GetReport;

public sealed class GetReportValidator : AbstractValidator<GetReportQuery>
{
    public GetReportValidator() => RuleFor(q => q.ReportId).NotEmpty();
}
