using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveBulkData;

/// <summary>
/// The value of a top-level binary attribute of one stored instance (a BulkDataURI of its metadata), in little endian
/// as PS3.18 §8.7.3.5 asks of application/octet-stream.
/// </summary>
/// <param name="Tag">The attribute as 8 hexadecimal digits (e.g. 00282000).</param>
public sealed record RetrieveBulkDataQuery(InstanceScope Scope, string Tag) : IRequest<ReadOnlyMemory<byte>>;
