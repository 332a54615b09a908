using ClinicalImaging.Domain.Reports;
using FluentValidation;

namespace ClinicalImaging.Application.Reports;

/// <summary>Each section is free text of bounded size.</summary>
public sealed class ReportSectionsValidator : AbstractValidator<ReportSections>
{
    public const int MaxSectionLength = 20_000;

    public ReportSectionsValidator()
    {
        RuleFor(s => s.Technique).MaximumLength(MaxSectionLength);
        RuleFor(s => s.Comparison).MaximumLength(MaxSectionLength);
        RuleFor(s => s.Findings).MaximumLength(MaxSectionLength);
        RuleFor(s => s.Impression).MaximumLength(MaxSectionLength);
    }
}
