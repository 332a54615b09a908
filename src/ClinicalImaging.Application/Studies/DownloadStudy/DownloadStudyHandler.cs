using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using MediatR;

namespace ClinicalImaging.Application.Studies.DownloadStudy;

public sealed class DownloadStudyHandler(IStudyStore studies) : IRequestHandler<DownloadStudyQuery, IReadOnlyList<StoredInstance>>
{
    public async Task<IReadOnlyList<StoredInstance>> Handle(DownloadStudyQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instances = await studies.FindStoredInstancesAsync(new InstanceScope(request.StudyInstanceUid), cancellationToken).ConfigureAwait(false);
        return instances.Count > 0 ? instances : throw new NotFoundException("Study", request.StudyInstanceUid);
    }
}
