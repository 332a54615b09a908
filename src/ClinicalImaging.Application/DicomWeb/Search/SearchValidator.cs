using ClinicalImaging.Application.Common;
using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>The URL's UIDs; the query parameters are checked as they are parsed (<see cref="QidoParameters"/>).</summary>
public sealed class SearchValidator : AbstractValidator<SearchQuery>
{
    public SearchValidator()
    {
        RuleFor(q => q.Scope).NotNull();
        RuleFor(q => q.Parameters).NotNull();
        RuleFor(q => q.Scope.StudyInstanceUid!).MustBeDicomUid("the study UID in the URL").When(q => q.Scope?.StudyInstanceUid is not null);
        RuleFor(q => q.Scope.SeriesInstanceUid!).MustBeDicomUid("the series UID in the URL").When(q => q.Scope?.SeriesInstanceUid is not null);
    }
}
