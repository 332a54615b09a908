using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir;

/// <summary>Search results and errors in the shapes FHIR clients expect.</summary>
public static class FhirBundles
{
    /// <param name="selfUrl">The search as requested (absolute URL), the Bundle's self link.</param>
    /// <param name="baseUrl">The FHIR base (…/fhir), against which each entry's fullUrl is made.</param>
    public static Bundle SearchSet(IReadOnlyList<Resource> matches, string selfUrl, string baseUrl) => new()
    {
        Type = "searchset",
        Total = matches.Count,
        Link = [new BundleLink("self", selfUrl)],
        Entry = matches.Count == 0
            ? null
            : matches.Select(r => new BundleEntry($"{baseUrl.TrimEnd('/')}/{TypeName(r)}/{r.Id}", r, new BundleEntrySearch("match"))).ToList(),
    };

    /// <param name="code">An IssueType code (https://hl7.org/fhir/R4/valueset-issue-type.html).</param>
    public static OperationOutcome Error(string code, string diagnostics) => new()
    {
        Issue = [new OperationOutcomeIssue("error", code, diagnostics)],
    };

    private static string TypeName(Resource resource) => resource.GetType().Name;
}
