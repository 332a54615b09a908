using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Pacs.DownloadPacsStudy;

public sealed class DownloadPacsStudyHandler(IPacsClient pacs) : IRequestHandler<DownloadPacsStudyQuery, PacsStudyArchive>
{
    public async Task<PacsStudyArchive> Handle(DownloadPacsStudyQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = await PacsStudyReference.ResolveAsync(pacs, request.Study, cancellationToken).ConfigureAwait(false);
        var study = await pacs.GetStudyAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("PACS study", request.Study);
        var content = await pacs.OpenStudyArchiveAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("PACS study", request.Study);
        return new PacsStudyArchive(content, $"{study.StudyInstanceUid}.zip");
    }
}
