using ClinicalImaging.Application.Ingest.StoreInstance;
using MediatR;

namespace ClinicalImaging.Application.Ingest.StoreArchive;

/// <summary>
/// Stores every file of a ZIP archive as its own object. The archive is staged to a temporary file (a ZIP's directory is
/// at its end), then each entry is decompressed as a stream into <see cref="StoreInstanceCommand"/>: no entry is held in memory.
/// </summary>
/// <param name="ArchiveName">The archive's file name, prefixed to each entry's path in the results.</param>
public sealed record StoreArchiveCommand(Stream Content, string ArchiveName) : IRequest<IReadOnlyList<NamedStoreResult>>;

/// <summary>The result for one file, named as the client knows it ("scans.zip/CT/1.dcm").</summary>
public sealed record NamedStoreResult(string File, StoreInstanceResult Result);
