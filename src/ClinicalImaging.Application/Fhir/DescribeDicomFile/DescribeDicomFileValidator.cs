using FluentValidation;

namespace ClinicalImaging.Application.Fhir.DescribeDicomFile;

public sealed class DescribeDicomFileValidator : AbstractValidator<DescribeDicomFileCommand>
{
    public DescribeDicomFileValidator()
    {
        RuleFor(c => c.Dicom).NotNull().Must(s => s.CanRead).WithMessage("the DICOM body cannot be read");
        RuleFor(c => c.Request).NotNull();
    }
}
