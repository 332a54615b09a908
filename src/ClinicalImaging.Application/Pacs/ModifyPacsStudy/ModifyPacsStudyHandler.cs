using ClinicalImaging.Application.Audit;
using MediatR;

namespace ClinicalImaging.Application.Pacs.ModifyPacsStudy;

public sealed class ModifyPacsStudyHandler(IPacsClient pacs, IAuditTrail auditTrail) : IRequestHandler<ModifyPacsStudyCommand, PacsStudyCopy>
{
    public Task<PacsStudyCopy> Handle(ModifyPacsStudyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PacsStudyCopies.CopyAsync(pacs, auditTrail, request, request.Study, id => pacs.ModifyStudyAsync(id, request.Replace, cancellationToken), cancellationToken);
    }
}
