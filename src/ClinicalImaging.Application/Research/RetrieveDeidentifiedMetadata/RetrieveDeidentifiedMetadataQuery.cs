using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedMetadata;

/// <summary>
/// WADO-RS metadata for research: the de-identified header of each instance of a pseudonymous study, series or
/// instance, with the same pseudonyms as the de-identified objects; not found when the scope is unknown.
/// </summary>
[RequiresAccess(AccessPolicies.ResearchRead)]
public sealed record RetrieveDeidentifiedMetadataQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstanceHeader>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.ResearchMetadataRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}
