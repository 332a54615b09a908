using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Studies.GetStudy;

public sealed class GetStudyHandler(IStudyStore studies) : IRequestHandler<GetStudyQuery, StudyView>
{
    public async Task<StudyView> Handle(GetStudyQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID");
        return await studies.GetStudyAsync(uid, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);
    }
}
