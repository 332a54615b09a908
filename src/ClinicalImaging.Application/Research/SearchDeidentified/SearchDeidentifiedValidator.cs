using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.Research.SearchDeidentified;

public sealed class SearchDeidentifiedValidator : AbstractValidator<SearchDeidentifiedQuery>
{
    public SearchDeidentifiedValidator()
    {
        RuleFor(q => q.Scope).NotNull();
        RuleFor(q => q.Parameters).NotNull();
        RuleFor(q => q.Scope.StudyInstanceUid!).MustBeDicomUid("the study UID in the URL").When(q => q.Scope?.StudyInstanceUid is not null);
        RuleFor(q => q.Scope.SeriesInstanceUid!).MustBeDicomUid("the series UID in the URL").When(q => q.Scope?.SeriesInstanceUid is not null);
    }
}
