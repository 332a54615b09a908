using System.Collections.Frozen;

namespace ClinicalImaging.Application.Common.Security;

/// <summary>The roles a person or machine can hold. Tokens and API keys carry these exact strings.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Radiologist = "radiologist";
    public const string Technologist = "technologist";
    public const string ReferringClinician = "referring-clinician";
    public const string AiService = "ai-service";
    public const string Auditor = "auditor";

    /// <summary>Sees de-identified data only: no endpoint that returns direct identifiers admits it.</summary>
    public const string Research = "research";

    public static readonly FrozenSet<string> All =
        FrozenSet.Create(StringComparer.Ordinal, Admin, Radiologist, Technologist, ReferringClinician, AiService, Auditor, Research);
}

/// <summary>Grants that are not roles: narrow permissions for machines (an API key for a Prometheus scraper).</summary>
public static class Scopes
{
    public const string Metrics = "metrics";

    public static readonly FrozenSet<string> All = FrozenSet.Create(StringComparer.Ordinal, Metrics);
}
