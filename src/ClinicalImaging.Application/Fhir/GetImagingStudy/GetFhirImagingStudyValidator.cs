using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Fhir.GetImagingStudy;

public sealed class GetFhirImagingStudyValidator : AbstractValidator<GetFhirImagingStudyQuery>
{
    public GetFhirImagingStudyValidator() => RuleFor(q => q.Id).MustBeDicomUid("id");
}
