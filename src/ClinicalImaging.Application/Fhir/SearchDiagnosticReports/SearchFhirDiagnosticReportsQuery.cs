using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.SearchDiagnosticReports;

/// <summary>
/// GET /fhir/DiagnosticReport?subject=|patient=&amp;_count=&amp;_offset=: the current signed report of each of the
/// patient's orders. <paramref name="Subject"/> and <paramref name="Patient"/> (its alias) take Patient/{id} or {id};
/// <paramref name="Paging"/> holds _count and _offset; <paramref name="Parameters"/> are the names of every query parameter sent, so that unsupported ones are refused.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record SearchFhirDiagnosticReportsQuery(
    string? Subject, string? Patient, FhirPaging Paging, IReadOnlyCollection<string> Parameters, FhirRequestContext Request)
    : IRequest<Bundle>, IAuditedRequest
{
    /// <summary>The search parameters this route understands.</summary>
    public static readonly IReadOnlyList<string> Supported = ["subject", "patient", "_count", "_offset"];

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirDiagnosticReportSearch;

    public string AuditResourceType => nameof(DiagnosticReport);

    public IReadOnlyList<string> AuditResourceIds => SearchImagingStudies.FhirSearchParameters.PatientKeysForAudit(Subject, Patient);
}
