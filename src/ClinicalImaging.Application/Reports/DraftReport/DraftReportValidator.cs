using FluentValidation;

namespace ClinicalImaging.Application.Reports.DraftReport;

public sealed class DraftReportValidator : AbstractValidator<DraftReportCommand>
{
    public DraftReportValidator()
    {
        RuleFor(c => c.OrderId).NotEmpty();
        RuleFor(c => c.Sections!).SetValidator(new ReportSectionsValidator()).When(c => c.Sections is not null);
    }
}
