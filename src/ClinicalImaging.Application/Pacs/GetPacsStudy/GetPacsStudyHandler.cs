using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Pacs.GetPacsStudy;

public sealed class GetPacsStudyHandler(IPacsClient pacs) : IRequestHandler<GetPacsStudyQuery, PacsStudyDetails>
{
    public async Task<PacsStudyDetails> Handle(GetPacsStudyQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = await PacsStudyReference.ResolveAsync(pacs, request.Study, cancellationToken).ConfigureAwait(false);
        var study = await pacs.GetStudyAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("PACS study", request.Study);
        var series = await pacs.GetStudySeriesAsync(id, cancellationToken).ConfigureAwait(false);
        return new PacsStudyDetails(study, series);
    }
}
