using System.Collections.Frozen;

namespace ClinicalImaging.Application.Common.Security;

/// <summary>A named permission: satisfied by any one of its roles or scopes.</summary>
public sealed record AccessPolicy(string Name, FrozenSet<string> Roles, FrozenSet<string> Scopes)
{
    public bool IsSatisfiedBy(ICurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Kind == ActorKind.System
            || (user.IsAuthenticated && (user.Roles.Overlaps(Roles) || user.Scopes.Overlaps(Scopes)));
    }
}

/// <summary>
/// The one table of who may do what. Endpoint groups (HTTP) and requests (the mediator pipeline) name a policy from
/// here; nothing else grants access. Change a role's rights here and both layers follow.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Studies with their patient's demographics (direct identifiers).</summary>
    public const string PatientDataRead = "patient-data.read";

    /// <summary>Instance metadata without direct identifiers (headers are stored stripped of them).</summary>
    public const string ImagingMetadataRead = "imaging-metadata.read";

    /// <summary>Filing new objects in the archive (ingest, STOW-RS).</summary>
    public const string ImagingWrite = "imaging.write";

    public const string AuditRead = "audit.read";

    /// <summary>Moving studies from the PACS side into the archive (PACS retrieve and import).</summary>
    public const string PacsImport = "pacs.import";

    /// <summary>API keys and other administration of the service itself.</summary>
    public const string Administration = "administration";

    /// <summary>The Prometheus scrape when <c>Metrics:RequireAuthentication</c> is true: admins or a key with the metrics scope.</summary>
    public const string Metrics = "metrics";

    /// <summary>Queuing model analyses and following their jobs: AI services and admins.</summary>
    public const string AnalysisRun = "analysis.run";

    /// <summary>Inference results, findings, heatmaps and triage: the people who read them and the services that produce them.</summary>
    public const string InferenceResultsRead = "inference-results.read";

    /// <summary>Overriding a study's triage priority (with a reason, audited).</summary>
    public const string TriageOverride = "triage.override";

    /// <summary>Placing imaging orders and declaring acquisitions complete.</summary>
    public const string OrdersWrite = "orders.write";

    /// <summary>The radiologist's worklist, claims, review decisions and image annotations.</summary>
    public const string Review = "review";

    /// <summary>Drafting, signing and amending radiology reports.</summary>
    public const string ReportsWrite = "reports.write";

    /// <summary>Acknowledging a critical-finding notification: the referring clinician's side of the loop.</summary>
    public const string CriticalFindingsAcknowledge = "critical-findings.acknowledge";
    /// <summary>Removing images from the archive (rows and, when nothing else refers to it, the object): irreversible.</summary>
    public const string ImagingDelete = "imaging.delete";
    /// <summary>Running models on images (synchronous analysis, the model list).</summary>
    public const string InferenceRun = "inference.run";

    /// <summary>Filing a study that arrived with an empty Patient ID under its real patient (reconciliation).</summary>
    public const string PatientsReconcile = "patients.reconcile";

    /// <summary>De-identified views only (search, metadata, objects through the PS3.15 de-identifier): the research role alone.</summary>
    public const string ResearchRead = "research.read";

    public static readonly FrozenDictionary<string, AccessPolicy> ByName = new[]
    {
        Policy(PatientDataRead, [Roles.Admin, Roles.Radiologist, Roles.Technologist, Roles.ReferringClinician]),
        Policy(ImagingMetadataRead, [Roles.Admin, Roles.Radiologist, Roles.Technologist, Roles.ReferringClinician, Roles.AiService]),
        Policy(ImagingWrite, [Roles.Admin, Roles.Technologist]),
        Policy(AuditRead, [Roles.Admin, Roles.Auditor]),
        Policy(PacsImport, [Roles.Admin, Roles.Technologist]),
        Policy(Administration, [Roles.Admin]),
        Policy(Metrics, [Roles.Admin], [Security.Scopes.Metrics]),
        Policy(AnalysisRun, [Roles.Admin, Roles.AiService]),
        Policy(InferenceResultsRead, [Roles.Admin, Roles.Radiologist, Roles.AiService]),
        Policy(TriageOverride, [Roles.Admin, Roles.Radiologist]),
        Policy(OrdersWrite, [Roles.Admin, Roles.Technologist]),
        Policy(Review, [Roles.Radiologist]),
        Policy(ReportsWrite, [Roles.Radiologist]),
        Policy(CriticalFindingsAcknowledge, [Roles.ReferringClinician]),
        Policy(ImagingDelete, [Roles.Admin]),
        Policy(InferenceRun, [Roles.Admin, Roles.Radiologist, Roles.AiService]),
        Policy(ResearchRead, [Roles.Research]),
        Policy(PatientsReconcile, [Roles.Admin, Roles.Technologist]),
    }.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);

    public static AccessPolicy Get(string name) =>
        ByName.TryGetValue(name, out var policy) ? policy : throw new InvalidOperationException($"No access policy is named '{name}'");

    private static AccessPolicy Policy(string name, string[] roles, string[]? scopes = null) =>
        new(name, roles.ToFrozenSet(StringComparer.Ordinal), (scopes ?? []).ToFrozenSet(StringComparer.Ordinal));
}
