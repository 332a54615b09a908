using System.Globalization;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir;

/// <summary>Search results and errors in the shapes FHIR clients expect.</summary>
public static class FhirBundles
{
    /// <param name="selfUrl">The search as requested (absolute URL), the Bundle's self link.</param>
    /// <param name="baseUrl">The FHIR base (…/fhir), against which each entry's fullUrl is made.</param>
    /// <param name="total">Every match, beyond this page; the page's size when null.</param>
    /// <param name="paging">first/previous/next links (<see cref="PageLinks"/>).</param>
    public static Bundle SearchSet(IReadOnlyList<Resource> matches, string selfUrl, string baseUrl, int? total = null, IReadOnlyList<BundleLink>? paging = null) => new()
    {
        Type = "searchset",
        Total = total ?? matches.Count,
        Link = [new BundleLink("self", selfUrl), .. paging ?? []],
        Entry = matches.Count == 0
            ? null
            : matches.Select(r => new BundleEntry($"{baseUrl.TrimEnd('/')}/{TypeName(r)}/{r.Id}", r, new BundleEntrySearch("match"))).ToList(),
    };

    /// <summary>
    /// The first, previous and next pages of an offset-paged search: <paramref name="searchUrl"/> (absolute, with its
    /// query) plus <c>_count</c> and <c>_offset</c>; previous and next only where such a page exists.
    /// </summary>
    public static IReadOnlyList<BundleLink> PageLinks(string searchUrl, int offset, int count, int total)
    {
        ArgumentNullException.ThrowIfNull(searchUrl);
        var separator = searchUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string Page(int at) => string.Create(CultureInfo.InvariantCulture, $"{searchUrl}{separator}_count={count}&_offset={at}");
        var links = new List<BundleLink>(3) { new("first", Page(0)) };
        if (offset > 0 && count > 0)
        {
            links.Add(new BundleLink("previous", Page(Math.Max(0, offset - count))));
        }

        if (count > 0 && offset + count < total)
        {
            links.Add(new BundleLink("next", Page(offset + count)));
        }

        return links;
    }

    /// <param name="code">An IssueType code (https://hl7.org/fhir/R4/valueset-issue-type.html).</param>
    public static OperationOutcome Error(string code, string diagnostics) => new()
    {
        Issue = [new OperationOutcomeIssue("error", code, diagnostics)],
    };

    private static string TypeName(Resource resource) => resource.GetType().Name;
}
