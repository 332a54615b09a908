using System.Globalization;
using ClinicalImaging.Application.Fhir.Resources;
using FluentValidation;

namespace ClinicalImaging.Application.Fhir;

/// <summary>
/// The <c>_count</c> and <c>_offset</c> of an offset-paged FHIR search as sent (raw, so that a malformed value is an
/// OperationOutcome naming it rather than a binding failure); <see cref="FhirPagingRules"/> checks them.
/// </summary>
public sealed record FhirPaging(string? Count, string? Offset)
{
    public const int MaxOffset = 10_000;

    public int Size => Count is null ? FhirOptions.DefaultPageSize : int.Parse(Count, CultureInfo.InvariantCulture);

    public int From => Offset is null ? 0 : int.Parse(Offset, CultureInfo.InvariantCulture);

    /// <summary>
    /// The searchset Bundle of this page: <paramref name="total"/> every match, links self (as requested), first, and
    /// previous/next where such a page exists, made from <paramref name="searchUrl"/> (absolute, with its criteria).
    /// </summary>
    public Bundle SearchSet(IReadOnlyList<Resource> matches, FhirRequestContext request, string searchUrl, int total)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FhirBundles.SearchSet(matches, request.SelfUrl, request.FhirBaseUrl, total, FhirBundles.PageLinks(searchUrl, From, Size, total));
    }
}

/// <summary>The validation rules every paged FHIR search shares.</summary>
public static class FhirPagingRules
{
    /// <summary><c>_count</c> 0–<see cref="FhirOptions.MaxPageSize"/> and <c>_offset</c> 0–<see cref="FhirPaging.MaxOffset"/>, whole numbers.</summary>
    public static IRuleBuilderOptionsConditions<T, FhirPaging> ValidPaging<T>(this IRuleBuilder<T, FhirPaging> rule) =>
        rule.Custom((paging, context) =>
        {
            if (paging.Count is { } count && !IsWholeNumber(count, FhirOptions.MaxPageSize))
            {
                context.AddFailure("_count", $"_count must be a whole number from 0 to {FhirOptions.MaxPageSize}");
            }

            if (paging.Offset is { } offset && !IsWholeNumber(offset, FhirPaging.MaxOffset))
            {
                context.AddFailure("_offset", $"_offset must be a whole number from 0 to {FhirPaging.MaxOffset}");
            }
        });

    /// <summary>Refuses, each by name, the query parameters not in <paramref name="supported"/>; <paramref name="hint"/> ends the message.</summary>
    public static IRuleBuilderOptionsConditions<T, IReadOnlyCollection<string>> OnlySupported<T>(
        this IRuleBuilder<T, IReadOnlyCollection<string>> rule, IReadOnlyList<string> supported, string? hint = null) =>
        rule.Custom((names, context) =>
        {
            foreach (var name in names.Where(n => !supported.Contains(n, StringComparer.Ordinal)))
            {
                context.AddFailure(name, $"search parameter '{name}' is not supported here (supported: {string.Join(", ", supported)}{(hint is null ? null : "; " + hint)})");
            }
        });

    private static bool IsWholeNumber(string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max;
}
