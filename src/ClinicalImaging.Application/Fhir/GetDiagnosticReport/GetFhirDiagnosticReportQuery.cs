using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetDiagnosticReport;

/// <summary>
/// GET /fhir/DiagnosticReport/{id} (the current signed version) and GET /fhir/DiagnosticReport/{id}/_history/{vid}
/// (one signed version). The id is the imaging order's id, the version the report's revision.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetFhirDiagnosticReportQuery(string Id, string? VersionId) : IRequest<DiagnosticReport>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirDiagnosticReportRead;

    public string AuditResourceType => nameof(DiagnosticReport);

    public IReadOnlyList<string> AuditResourceIds => [Id];
}
