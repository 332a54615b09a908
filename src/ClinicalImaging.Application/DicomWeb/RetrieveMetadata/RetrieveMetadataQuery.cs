using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveMetadata;

/// <summary>WADO-RS metadata: the stored header of each instance in the scope; not found when there are none.</summary>
public sealed record RetrieveMetadataQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstanceHeader>>;
