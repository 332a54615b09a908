using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Studies.GetStudyImages;

public sealed class GetStudyImagesHandler(IStudySearch search) : IRequestHandler<GetStudyImagesQuery, PagedResult<InstanceView>>
{
    public async Task<PagedResult<InstanceView>> Handle(GetStudyImagesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID");
        return await search.FindStudyImagesAsync(uid, request.Page, request.PageSize, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);
    }
}
