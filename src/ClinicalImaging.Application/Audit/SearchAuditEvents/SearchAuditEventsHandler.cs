using MediatR;

namespace ClinicalImaging.Application.Audit.SearchAuditEvents;

public sealed class SearchAuditEventsHandler(IAuditTrail auditTrail) : IRequestHandler<SearchAuditEventsQuery, AuditPage>
{
    public Task<AuditPage> Handle(SearchAuditEventsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return auditTrail.SearchAsync(request.Search, cancellationToken);
    }
}
