using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveInstances;

public sealed class RetrieveInstancesHandler(IStudyStore studies) : IRequestHandler<RetrieveInstancesQuery, IReadOnlyList<StoredInstance>>
{
    public async Task<IReadOnlyList<StoredInstance>> Handle(RetrieveInstancesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instances = await studies.FindStoredInstancesAsync(request.Scope, cancellationToken);
        return instances.Count > 0 ? instances : throw new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
    }
}
