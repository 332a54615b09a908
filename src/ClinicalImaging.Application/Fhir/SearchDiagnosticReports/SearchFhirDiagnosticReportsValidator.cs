using System.Globalization;
using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using FluentValidation;

namespace ClinicalImaging.Application.Fhir.SearchDiagnosticReports;

public sealed class SearchFhirDiagnosticReportsValidator : AbstractValidator<SearchFhirDiagnosticReportsQuery>
{
    public const int MaxOffset = 10_000;

    public SearchFhirDiagnosticReportsValidator()
    {
        RuleFor(q => q.Parameters).Custom((names, context) =>
        {
            foreach (var name in names.Where(n => !SearchFhirDiagnosticReportsQuery.Supported.Contains(n, StringComparer.Ordinal)))
            {
                context.AddFailure(name, $"search parameter '{name}' is not supported here (supported: {string.Join(", ", SearchFhirDiagnosticReportsQuery.Supported)}; the AI findings are contained in each report, so no _include is needed)");
            }
        });
        RuleFor(q => q).Must(q => q.Subject is not null || q.Patient is not null)
            .WithName("search").WithMessage("give subject (or its alias patient): Patient/{id} or {id}; reports are listed per patient");
        RuleFor(q => q.Subject!).Must(BeAPatient).When(q => q.Subject is not null).WithName("subject").WithMessage(PatientMessage("subject"));
        RuleFor(q => q.Patient!).Must(BeAPatient).When(q => q.Patient is not null).WithName("patient").WithMessage(PatientMessage("patient"));
        RuleFor(q => q.Count!).Must(c => IsWholeNumber(c, FhirOptions.MaxPageSize)).When(q => q.Count is not null)
            .WithName("_count").WithMessage($"_count must be a whole number from 0 to {FhirOptions.MaxPageSize}");
        RuleFor(q => q.Offset!).Must(o => IsWholeNumber(o, MaxOffset)).When(q => q.Offset is not null)
            .WithName("_offset").WithMessage($"_offset must be a whole number from 0 to {MaxOffset}");
    }

    private static bool IsWholeNumber(string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max;

    private static bool BeAPatient(string reference) => FhirSearchParameters.TryParsePatient(reference, out _);

    private static string PatientMessage(string name) => $"{name} must be Patient/{{id}} or {{id}}, where id is a Patient resource id of this server";
}
