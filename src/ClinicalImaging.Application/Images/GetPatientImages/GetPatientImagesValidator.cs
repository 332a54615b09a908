using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Images.GetPatientImages;

/// <summary>Messages never quote the Patient ID.</summary>
public sealed class GetPatientImagesValidator : AbstractValidator<GetPatientImagesQuery>
{
    public GetPatientImagesValidator()
    {
        Include(new PagedRequestValidator());
        RuleFor(q => q.PatientId).Must(id => !string.IsNullOrWhiteSpace(id) && id.Length <= Patient.MaxPatientIdLength)
            .OverridePropertyName("patientId")
            .WithMessage($"patientId must be non-blank and at most {Patient.MaxPatientIdLength} characters");
        RuleFor(q => q.IssuerOfPatientId).Must(issuer => issuer is null || issuer.Length <= 64)
            .OverridePropertyName("issuerOfPatientId")
            .WithMessage("issuerOfPatientId must be at most 64 characters");
    }
}
