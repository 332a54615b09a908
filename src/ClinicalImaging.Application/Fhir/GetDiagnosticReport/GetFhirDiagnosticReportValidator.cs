using FluentValidation;

namespace ClinicalImaging.Application.Fhir.GetDiagnosticReport;

public sealed class GetFhirDiagnosticReportValidator : AbstractValidator<GetFhirDiagnosticReportQuery>
{
    public GetFhirDiagnosticReportValidator()
    {
        RuleFor(q => q.Id).Must(id => Guid.TryParse(id, out _)).WithName("id").WithMessage("a DiagnosticReport id of this server is a GUID");
        RuleFor(q => q.VersionId!).Must(v => int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
            .When(q => q.VersionId is not null)
            .WithName("vid").WithMessage("a DiagnosticReport version is a positive whole number (the report's revision)");
    }
}
