using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Studies;
using MediatR;

namespace ClinicalImaging.Application.Images.GetPatientImages;

public sealed class GetPatientImagesHandler(IStudySearch search) : IRequestHandler<GetPatientImagesQuery, PagedResult<InstanceView>>
{
    public Task<PagedResult<InstanceView>> Handle(GetPatientImagesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return search.FindPatientImagesAsync(request.PatientId, request.IssuerOfPatientId, request.Page, request.PageSize, cancellationToken);
    }
}
