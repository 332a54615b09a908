using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using FluentValidation;

namespace ClinicalImaging.Application.Fhir.SearchDiagnosticReports;

public sealed class SearchFhirDiagnosticReportsValidator : AbstractValidator<SearchFhirDiagnosticReportsQuery>
{
    public SearchFhirDiagnosticReportsValidator()
    {
        RuleFor(q => q.Parameters).OnlySupported(
            SearchFhirDiagnosticReportsQuery.Supported, "the AI findings are contained in each report, so no _include is needed");
        RuleFor(q => q).Must(q => q.Subject is not null || q.Patient is not null)
            .WithName("search").WithMessage("give subject (or its alias patient): Patient/{id} or {id}; reports are listed per patient");
        RuleFor(q => q.Subject!).Must(BeAPatient).When(q => q.Subject is not null).WithName("subject").WithMessage(PatientMessage("subject"));
        RuleFor(q => q.Patient!).Must(BeAPatient).When(q => q.Patient is not null).WithName("patient").WithMessage(PatientMessage("patient"));
        RuleFor(q => q.Paging).ValidPaging();
    }

    private static bool BeAPatient(string reference) => FhirSearchParameters.TryParsePatient(reference, out _);

    private static string PatientMessage(string name) => $"{name} must be Patient/{{id}} or {{id}}, where id is a Patient resource id of this server";
}
