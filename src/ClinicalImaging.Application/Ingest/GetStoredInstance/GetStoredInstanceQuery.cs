using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Ingest.GetStoredInstance;

/// <summary>Where the original object of an instance (by the archive's id) is; not found when unknown.</summary>
public sealed record GetStoredInstanceQuery(Guid InstanceId) : IRequest<StoredInstance>;
