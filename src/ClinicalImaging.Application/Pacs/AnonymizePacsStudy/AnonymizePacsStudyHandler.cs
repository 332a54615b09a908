using ClinicalImaging.Application.Audit;
using MediatR;

namespace ClinicalImaging.Application.Pacs.AnonymizePacsStudy;

public sealed class AnonymizePacsStudyHandler(IPacsClient pacs, IAuditTrail auditTrail) : IRequestHandler<AnonymizePacsStudyCommand, PacsStudyCopy>
{
    public Task<PacsStudyCopy> Handle(AnonymizePacsStudyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacsStudyCopies.CopyAsync(pacs, auditTrail, request, request.Study, id => pacs.AnonymizeStudyAsync(id, cancellationToken), cancellationToken);
    }
}
