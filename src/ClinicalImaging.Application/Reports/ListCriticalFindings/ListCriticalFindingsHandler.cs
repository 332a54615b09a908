using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Reports.ListCriticalFindings;

public sealed class ListCriticalFindingsHandler(IReportStore reports, IClock clock) : IRequestHandler<ListCriticalFindingsQuery, IReadOnlyList<CriticalFindingView>>
{
    public Task<IReadOnlyList<CriticalFindingView>> Handle(ListCriticalFindingsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return reports.ListCriticalFindingsAsync(request.OpenOnly, clock.UtcNow, request.Limit, cancellationToken);
    }
}
