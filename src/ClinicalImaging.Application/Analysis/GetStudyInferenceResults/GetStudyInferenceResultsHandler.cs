using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Analysis.GetStudyInferenceResults;

public sealed class GetStudyInferenceResultsHandler(IInferenceResultStore results) : IRequestHandler<GetStudyInferenceResultsQuery, StudyInferenceResultsView>
{
    public async Task<StudyInferenceResultsView> Handle(GetStudyInferenceResultsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await results.GetStudyResultsAsync(DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID"), cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);
    }
}
