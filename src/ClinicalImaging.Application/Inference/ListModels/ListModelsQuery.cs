using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Inference.ListModels;

/// <summary>The models this deployment serves: labels, modalities, body parts, CAM methods, uncertainty support.</summary>
[RequiresAccess(AccessPolicies.InferenceRun)]
public sealed record ListModelsQuery : IRequest<IReadOnlyList<ModelDescriptor>>;
