using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

/// <summary>The attributes without which an object cannot be filed (the archive's required set).</summary>
public sealed class RegisterInstanceValidator : AbstractValidator<RegisterInstanceCommand>
{
    public RegisterInstanceValidator()
    {
        RuleFor(c => c.Metadata).NotNull();
        // Empty: an unidentified patient (RequiredAttributes has refused an object without the attribute at all).
        RuleFor(c => c.Metadata.Patient.PatientId)
            .NotNull().WithMessage("PatientID (0010,0020) is missing")
            .MaximumLength(Patient.MaxPatientIdLength).WithMessage($"PatientID (0010,0020) is longer than {Patient.MaxPatientIdLength} characters");
        RuleFor(c => c.Metadata.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID (0020,000D)");
        RuleFor(c => c.Metadata.SeriesInstanceUid).MustBeDicomUid("SeriesInstanceUID (0020,000E)");
        RuleFor(c => c.Metadata.SopInstanceUid).MustBeDicomUid("SOPInstanceUID (0008,0018)");
        RuleFor(c => c.Metadata.SopClassUid).MustBeDicomUid("SOPClassUID (0008,0016)");
        RuleFor(c => c.Metadata.TransferSyntaxUid).MustBeDicomUid("TransferSyntaxUID (0002,0010)");
        RuleFor(c => c.Metadata.Series.Modality).MustBeCodeString("Modality (0008,0060)");
        RuleFor(c => c.Metadata.StoredObject.BlobKey).NotEmpty().WithMessage("the stored object's blob key is missing");
        RuleFor(c => c.Metadata.StoredObject.SizeBytes).GreaterThan(0).WithMessage("the stored object is empty");
        RuleFor(c => c.Metadata.StoredObject.Sha256)
            .Must(h => h is { Length: 64 } && h.All(char.IsAsciiHexDigit))
            .WithMessage("the stored object's SHA-256 must be 64 hexadecimal digits");
        RuleFor(c => c.Metadata.HeaderJson).NotEmpty().WithMessage("the header (DICOM JSON) is missing");
    }
}
