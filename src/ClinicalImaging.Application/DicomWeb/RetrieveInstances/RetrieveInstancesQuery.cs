using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.DicomWeb.RetrieveInstances;

/// <summary>WADO-RS: where the original objects of a study, series or instance are; not found when there are none.</summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record RetrieveInstancesQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstance>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InstanceRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}

