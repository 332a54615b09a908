using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>The request itself; what is wrong with the object is reported per object by the handler.</summary>
public sealed class StoreInstancesValidator : AbstractValidator<StoreInstancesCommand>
{
    public StoreInstancesValidator()
    {
        RuleFor(c => c.Objects).NotNull().WithMessage("the objects are missing");
        RuleFor(c => c.ExpectedStudyInstanceUid!).MustBeDicomUid("the study UID in the URL").When(c => c.ExpectedStudyInstanceUid is not null);
    }
}
