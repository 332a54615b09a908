using ClinicalImaging.Application.DicomWeb;
using FluentValidation;

namespace ClinicalImaging.Application.Research.SearchDeidentified;

/// <summary>The URL's pseudonymous UIDs are UIDs too; the query parameters are checked as they are parsed.</summary>
public sealed class SearchDeidentifiedValidator : AbstractValidator<SearchDeidentifiedQuery>
{
    public SearchDeidentifiedValidator()
    {
        this.ValidateScope(q => q.Scope);
        RuleFor(q => q.Parameters).NotNull();
    }
}
