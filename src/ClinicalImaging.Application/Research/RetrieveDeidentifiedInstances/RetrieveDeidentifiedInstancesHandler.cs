using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedInstances;

public sealed class RetrieveDeidentifiedInstancesHandler(IStudyStore studies, ResearchUids uids)
    : IRequestHandler<RetrieveDeidentifiedInstancesQuery, IReadOnlyList<StoredInstance>>
{
    public async Task<IReadOnlyList<StoredInstance>> Handle(RetrieveDeidentifiedInstancesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = await uids.OriginalAsync(request.Scope, cancellationToken);
        var instances = scope is null ? [] : await studies.FindStoredInstancesAsync(scope, cancellationToken);
        return instances.Count > 0 ? instances : throw new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
    }
}
