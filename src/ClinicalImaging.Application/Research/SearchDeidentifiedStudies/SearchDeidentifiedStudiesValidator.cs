using ClinicalImaging.Application.Common;
using ClinicalImaging.Dicom;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Research.SearchDeidentifiedStudies;

/// <summary>
/// Only filters on attributes the research profile keeps unchanged: matching on a value the results hide (a date, an
/// accession number, a patient ID) would disclose it. Errors name the query parameter.
/// </summary>
public sealed class SearchDeidentifiedStudiesValidator : AbstractValidator<SearchDeidentifiedStudiesQuery>
{
    public SearchDeidentifiedStudiesValidator(IOptions<ResearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var profileOptions = options.Value.ProfileOptions;
        Include(new PagedRequestValidator());
        RuleFor(q => q.Criteria).NotNull();
        Refuse("patientId", q => q.Criteria.PatientId ?? q.Criteria.IssuerOfPatientId, "patients are pseudonymous to research");
        Refuse("startDate", q => q.Criteria.StartDate, "dates are changed by the de-identification");
        Refuse("endDate", q => q.Criteria.EndDate, "dates are changed by the de-identification");
        Refuse("accessionNumber", q => q.Criteria.AccessionNumber, "accession numbers are removed by the de-identification");
        Refuse("description", q => q.Criteria.Description, "descriptions are cleaned by the de-identification");
        Kept("modality", q => q.Criteria.Modality, DicomTags.Modality);
        Kept("bodyPart", q => q.Criteria.BodyPart, DicomTags.BodyPartExamined);
        Kept("manufacturer", q => q.Criteria.Manufacturer, DicomTags.Manufacturer);
        Kept("hasContrast", q => q.Criteria.HasContrast, DicomTags.ContrastBolusAgent);

        void Refuse(string parameter, Func<SearchDeidentifiedStudiesQuery, object?> filter, string why) =>
            RuleFor(q => filter(q)).Null().OverridePropertyName(parameter).WithMessage($"research searches cannot filter by {parameter}: {why}")
                .When(q => q.Criteria is not null);

        void Kept(string parameter, Func<SearchDeidentifiedStudiesQuery, object?> filter, DicomTag tag)
        {
            if (!ResearchDeidentifier.KeepsUnchanged(tag, profileOptions))
            {
                Refuse(parameter, filter, "the research profile changes that attribute");
            }
        }
    }
}
