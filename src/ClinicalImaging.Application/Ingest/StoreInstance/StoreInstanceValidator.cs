using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>The request itself; what is wrong with the object is reported per object by the handler.</summary>
public sealed class StoreInstanceValidator : AbstractValidator<StoreInstanceCommand>
{
    public StoreInstanceValidator()
    {
        RuleFor(c => c.Content).NotNull().WithMessage("the object's content is missing");
        RuleFor(c => c.ExpectedStudyInstanceUid!).MustBeDicomUid("the study UID in the URL").When(c => c.ExpectedStudyInstanceUid is not null);
    }
}
