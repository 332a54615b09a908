using FluentValidation;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

public sealed class StoreArchiveValidator : AbstractValidator<StoreArchiveCommand>
{
    public StoreArchiveValidator()
    {
        RuleFor(c => c.Content).NotNull().WithMessage("the archive's content is missing");
        RuleFor(c => c.ArchiveName).NotEmpty().WithMessage("the archive's name is missing");
    }
}
