using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedInstances;

/// <summary>
/// WADO-RS for research: the stored objects of a pseudonymous study, series or instance, each to be served only through
/// <see cref="DeidentifiedObjects"/>; not found when the scope is unknown.
/// </summary>
[RequiresAccess(AccessPolicies.ResearchRead)]
public sealed record RetrieveDeidentifiedInstancesQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstance>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ResearchInstanceRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}
