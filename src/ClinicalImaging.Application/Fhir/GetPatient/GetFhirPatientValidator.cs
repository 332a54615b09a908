using FluentValidation;

namespace ClinicalImaging.Application.Fhir.GetPatient;

public sealed class GetFhirPatientValidator : AbstractValidator<GetFhirPatientQuery>
{
    public GetFhirPatientValidator() =>
        RuleFor(q => q.Id).Must(id => Guid.TryParse(id, out _)).WithName("id").WithMessage("a Patient id of this server is a GUID");
}
