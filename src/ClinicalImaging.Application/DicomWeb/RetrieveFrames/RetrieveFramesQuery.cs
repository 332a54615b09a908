using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveFrames;

/// <summary>
/// WADO-RS frames (PS3.18 §9.4): the listed frames (from 1) of one instance, decoded to their stored sample values —
/// little endian, samples interleaved, one sample per Bits Allocated unit — whatever the stored transfer syntax.
/// </summary>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record RetrieveFramesQuery(InstanceScope Scope, IReadOnlyList<int> Frames) : IRequest<IReadOnlyList<byte[]>>, IAuditedRequest
{
    public const int MaxFrames = 1000;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.FramesRetrieve;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Scope is null ? [] : Scope.ResourceIds();
}
