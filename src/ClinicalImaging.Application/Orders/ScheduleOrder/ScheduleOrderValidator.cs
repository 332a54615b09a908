using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Orders.ScheduleOrder;

public sealed class ScheduleOrderValidator : AbstractValidator<ScheduleOrderCommand>
{
    public ScheduleOrderValidator()
    {
        RuleFor(c => c.Patient).NotNull();
        RuleFor(c => c.Patient.PatientId).NotEmpty().MaximumLength(Patient.MaxPatientIdLength).When(c => c.Patient is not null);
        RuleFor(c => c.Patient.IssuerOfPatientId).MaximumLength(64).When(c => c.Patient is not null);
        RuleFor(c => c.Patient.PatientName).MaximumLength(324).When(c => c.Patient is not null);
        RuleFor(c => c.Patient.Sex).MaximumLength(16).When(c => c.Patient is not null);
        // DICOM SH: no backslash, no control characters; the modality copies it into (0008,0050).
        RuleFor(c => c.AccessionNumber)
            .MaximumLength(ImagingOrder.MaxAccessionNumberLength)
            .Matches(@"^[^\\\p{Cc}]+$").WithMessage("'Accession Number' must not contain a backslash or control characters")
            .When(c => c.AccessionNumber is not null);
        RuleFor(c => c.Order).NotNull();
        When(c => c.Order is not null, () =>
        {
            RuleFor(c => c.Order.OrderNumber).NotEmpty().MaximumLength(64);
            // DICOM CS defined terms (PS3.3 C.7.3.1.1.1): upper-case letters, digits and underscores.
            RuleFor(c => c.Order.Modality).NotEmpty().MaximumLength(16).Matches("^[A-Z0-9_]+$")
                .WithMessage("'Modality' must be a DICOM modality code such as CT, MR, CR, DX or US");
            RuleFor(c => c.Order.BodyPart).MaximumLength(64);
            RuleFor(c => c.Order.Description).MaximumLength(256);
            RuleFor(c => c.Order.Indication).MaximumLength(1024);
            RuleFor(c => c.Order.PerformingFacility).MaximumLength(128);
            RuleFor(c => c.Order.Priority).IsInEnum();
            RuleFor(c => c.Order.ScheduledAt).NotEqual(default(DateTimeOffset)).WithMessage("'Scheduled At' is required");
        });
    }
}
