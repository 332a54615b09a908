using FluentValidation;

namespace ClinicalImaging.Application.Reports.AmendReport;

public sealed class AmendReportValidator : AbstractValidator<AmendReportCommand>
{
    public AmendReportValidator() => RuleFor(c => c.ReportId).NotEmpty();
}
