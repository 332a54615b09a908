using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Studies.SearchStudies;

/// <summary>Errors are keyed by the query parameter's name and never quote the value (a Patient ID is patient data).</summary>
public sealed class SearchStudiesValidator : AbstractValidator<SearchStudiesQuery>
{
    public SearchStudiesValidator()
    {
        Include(new PagedRequestValidator());
        RuleFor(q => q.Criteria).NotNull();
        When(q => q.Criteria is not null, () =>
        {
            Text(q => q.Criteria.PatientId, "patientId", Patient.MaxPatientIdLength);
            Text(q => q.Criteria.IssuerOfPatientId, "issuerOfPatientId", 64);
            RuleFor(q => q.Criteria.IssuerOfPatientId).Null().When(q => q.Criteria.PatientId is null).OverridePropertyName("issuerOfPatientId")
                .WithMessage("issuerOfPatientId narrows a patientId search; give patientId too");
            RuleFor(q => q.Criteria.UnidentifiedPatient).NotEqual(true).When(q => q.Criteria.PatientId is not null).OverridePropertyName("unidentifiedPatient")
                .WithMessage("unidentifiedPatient=true finds studies without a Patient ID; it cannot be combined with patientId");
            Text(q => q.Criteria.Modality, "modality", 16);
            Text(q => q.Criteria.BodyPart, "bodyPart", 64);
            Text(q => q.Criteria.Manufacturer, "manufacturer", 64);
            Text(q => q.Criteria.AccessionNumber, "accessionNumber", 16);
            Text(q => q.Criteria.Description, "description", 64);
            RuleFor(q => q.Criteria.EndDate).GreaterThanOrEqualTo(q => q.Criteria.StartDate)
                .When(q => q.Criteria.StartDate is not null && q.Criteria.EndDate is not null)
                .OverridePropertyName("endDate")
                .WithMessage("endDate must not be before startDate (both are inclusive)");
        });
    }

    /// <summary>A text filter, when given, holds something and fits the column it is compared with.</summary>
    private void Text(System.Linq.Expressions.Expression<Func<SearchStudiesQuery, string?>> value, string parameter, int maxLength) =>
        RuleFor(value)
            .Must(v => v is null || (!string.IsNullOrWhiteSpace(v) && v.Length <= maxLength))
            .OverridePropertyName(parameter)
            .WithMessage($"{parameter} must be non-blank and at most {maxLength} characters when given");
}
