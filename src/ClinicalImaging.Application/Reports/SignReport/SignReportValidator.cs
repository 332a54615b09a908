using FluentValidation;

namespace ClinicalImaging.Application.Reports.SignReport;

public sealed class SignReportValidator : AbstractValidator<SignReportCommand>
{
    public SignReportValidator()
    {
        RuleFor(c => c.ReportId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
    }
}
