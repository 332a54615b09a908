using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveInstances;

/// <summary>WADO-RS: where the original objects of a study, series or instance are; not found when there are none.</summary>
public sealed record RetrieveInstancesQuery(InstanceScope Scope) : IRequest<IReadOnlyList<StoredInstance>>;
