using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.DicomWeb.RetrieveMetadata;

/// <summary>WADO-RS metadata: the stored header of each instance in the scope; not found when there are none.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record RetrieveMetadataQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstanceHeader>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.MetadataRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}

