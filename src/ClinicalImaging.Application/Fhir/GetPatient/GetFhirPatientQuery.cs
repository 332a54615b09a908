using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetPatient;

/// <summary>GET /fhir/Patient/{id}: the id is our patient key (a GUID), never the Patient ID.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record GetFhirPatientQuery(string Id) : IRequest<Patient>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FhirPatientRead;

    public string AuditResourceType => nameof(Patient);

    public IReadOnlyList<string> AuditResourceIds => [Id];
}
