using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.DicomWeb.RetrieveBulkData;

/// <summary>
/// The value of a top-level binary attribute of one stored instance (a BulkDataURI of its metadata), in little endian
/// as PS3.18 §8.7.3.5 asks of application/octet-stream.
/// </summary>
/// <param name="Tag">The attribute as 8 hexadecimal digits (e.g. 00282000).</param>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record RetrieveBulkDataQuery(InstanceScope Scope, string Tag) : IRequest<ReadOnlyMemory<byte>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.BulkDataRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : [.. Scope.ResourceIds(), Tag];
}

