using FluentValidation;

namespace ClinicalImaging.Application.Fhir.DescribeDicomFile;

public sealed class DescribeDicomFileValidator : AbstractValidator<DescribeDicomFileCommand>
{
    public DescribeDicomFileValidator()
    {
        RuleFor(c => c.File).NotNull();
        RuleFor(c => c.Request).NotNull();
    }
}
