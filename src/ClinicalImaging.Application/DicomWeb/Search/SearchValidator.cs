using FluentValidation;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>The URL's UIDs; the query parameters are checked as they are parsed (<see cref="QidoParameters"/>).</summary>
public sealed class SearchValidator : AbstractValidator<SearchQuery>
{
    public SearchValidator()
    {
        this.ValidateScope(q => q.Scope);
        RuleFor(q => q.Parameters).NotNull();
    }
}
