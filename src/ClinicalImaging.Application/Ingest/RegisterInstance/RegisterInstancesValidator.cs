using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;
using FluentValidation;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

public sealed class RegisterInstancesValidator : AbstractValidator<RegisterInstancesCommand>
{
    public RegisterInstancesValidator()
    {
        RuleFor(c => c.Instances).NotEmpty().WithMessage("no instances to register");
        RuleForEach(c => c.Instances).NotNull().SetValidator(new InstanceMetadataValidator());
    }
}

/// <summary>The attributes without which an object cannot be filed (the archive's required set).</summary>
public sealed class InstanceMetadataValidator : AbstractValidator<InstanceMetadata>
{
    public InstanceMetadataValidator()
    {
        // Empty: an unidentified patient (RequiredAttributes has refused an object without the attribute at all).
        RuleFor(m => m.Patient.PatientId)
            .NotNull().WithMessage("PatientID (0010,0020) is missing")
            .MaximumLength(Patient.MaxPatientIdLength).WithMessage($"PatientID (0010,0020) is longer than {Patient.MaxPatientIdLength} characters");
        RuleFor(m => m.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID (0020,000D)");
        RuleFor(m => m.SeriesInstanceUid).MustBeDicomUid("SeriesInstanceUID (0020,000E)");
        RuleFor(m => m.SopInstanceUid).MustBeDicomUid("SOPInstanceUID (0008,0018)");
        RuleFor(m => m.SopClassUid).MustBeDicomUid("SOPClassUID (0008,0016)");
        RuleFor(m => m.TransferSyntaxUid).MustBeDicomUid("TransferSyntaxUID (0002,0010)");
        RuleFor(m => m.Series.Modality).MustBeCodeString("Modality (0008,0060)");
        RuleFor(m => m.StoredObject.BlobKey).NotEmpty().WithMessage("the stored object's blob key is missing");
        RuleFor(m => m.StoredObject.SizeBytes).GreaterThan(0).WithMessage("the stored object is empty");
        RuleFor(m => m.StoredObject.Sha256)
            .Must(h => h is { Length: 64 } && h.All(char.IsAsciiHexDigit))
            .WithMessage("the stored object's SHA-256 must be 64 hexadecimal digits");
        RuleFor(m => m.HeaderJson).NotEmpty().WithMessage("the header (DICOM JSON) is missing");
    }
}
