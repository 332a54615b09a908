using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

/// <summary>
/// Stores every file of a ZIP archive as its own object. The archive is staged to a temporary file (a ZIP's directory is
/// at its end), then each entry is decompressed as a stream into <see cref="StoreInstancesCommand"/>: no entry is held in memory.
/// </summary>
/// <param name="ArchiveName">The archive's file name, prefixed to each entry's path in the results.</param>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record StoreArchiveCommand(Stream Content, string ArchiveName) : IRequest<IReadOnlyList<NamedStoreResult>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.ArchiveStore;

    public string AuditResourceType => "Archive";

    public IReadOnlyList<string> AuditResourceIds => [];
}


/// <summary>The result for one file, named as the client knows it ("scans.zip/CT/1.dcm").</summary>
public sealed record NamedStoreResult(string File, StoreInstanceResult Result);
