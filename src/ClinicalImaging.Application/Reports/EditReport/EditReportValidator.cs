using FluentValidation;

namespace ClinicalImaging.Application.Reports.EditReport;

public sealed class EditReportValidator : AbstractValidator<EditReportCommand>
{
    public EditReportValidator()
    {
        RuleFor(c => c.ReportId).NotEmpty();
        RuleFor(c => c.ExpectedVersion).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Sections).NotNull().SetValidator(new ReportSectionsValidator());
    }
}
