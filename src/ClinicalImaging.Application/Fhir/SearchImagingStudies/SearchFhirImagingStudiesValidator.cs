using FluentValidation;

namespace ClinicalImaging.Application.Fhir.SearchImagingStudies;

public sealed class SearchFhirImagingStudiesValidator : AbstractValidator<SearchFhirImagingStudiesQuery>
{
    public SearchFhirImagingStudiesValidator()
    {
        RuleFor(q => q.Parameters).OnlySupported(SearchFhirImagingStudiesQuery.Supported);
        RuleFor(q => q).Must(q => q.Patient is not null || q.Identifier is not null)
            .WithName("search").WithMessage("give patient or identifier (or both): the archive is not listed whole");
        RuleFor(q => q.Patient!).Must(p => FhirSearchParameters.TryParsePatient(p, out _))
            .When(q => q.Patient is not null)
            .WithMessage("patient must be Patient/{id} or {id}, where id is a Patient resource id of this server");
        RuleFor(q => q.Identifier!).Custom((identifier, context) =>
            {
                if (!FhirSearchParameters.TryParseIdentifier(identifier, out _, out _, out var problem))
                {
                    context.AddFailure("identifier", problem);
                }
            })
            .When(q => q.Identifier is not null);
        RuleFor(q => q.Paging).ValidPaging();
    }
}
