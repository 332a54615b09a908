using MediatR;

namespace ClinicalImaging.Application.Inference.ListModels;

public sealed class ListModelsHandler(IModelRegistry registry) : IRequestHandler<ListModelsQuery, IReadOnlyList<ModelDescriptor>>
{
    public Task<IReadOnlyList<ModelDescriptor>> Handle(ListModelsQuery request, CancellationToken cancellationToken) => Task.FromResult(registry.Models);
}
