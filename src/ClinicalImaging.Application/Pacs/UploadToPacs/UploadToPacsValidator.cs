using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Pacs.UploadToPacs;

public sealed class UploadToPacsValidator : AbstractValidator<UploadToPacsCommand>
{
    public UploadToPacsValidator()
    {
        RuleFor(c => c.StudyInstanceUid).MustBeDicomUid("StudyInstanceUID");
        RuleFor(c => c.SeriesInstanceUid!).MustBeDicomUid("SeriesInstanceUID").When(c => c.SeriesInstanceUid is not null);
        RuleFor(c => c.SopInstanceUid!).MustBeDicomUid("SOPInstanceUID").When(c => c.SopInstanceUid is not null);
        RuleFor(c => c.SeriesInstanceUid).NotNull().When(c => c.SopInstanceUid is not null)
            .WithMessage("an instance is named within its series: give seriesInstanceUid with sopInstanceUid");
    }
}
