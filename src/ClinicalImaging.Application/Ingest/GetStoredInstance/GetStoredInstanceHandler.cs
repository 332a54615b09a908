using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Ingest.GetStoredInstance;

public sealed class GetStoredInstanceHandler(IStudyStore studies) : IRequestHandler<GetStoredInstanceQuery, StoredInstance>
{
    public async Task<StoredInstance> Handle(GetStoredInstanceQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await studies.GetStoredInstanceAsync(request.InstanceId, cancellationToken)
            ?? throw new NotFoundException("Image", request.InstanceId.ToString());
    }
}
