using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Orders;
using MediatR;

namespace ClinicalImaging.Application.Reports.ListOrderReports;

public sealed class ListOrderReportsHandler(IReportStore reports, IImagingOrderStore orders) : IRequestHandler<ListOrderReportsQuery, IReadOnlyList<ReportView>>
{
    public async Task<IReadOnlyList<ReportView>> Handle(ListOrderReportsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var versions = await reports.ListForOrderAsync(request.OrderId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0 && await orders.GetViewAsync(request.OrderId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new NotFoundException("Imaging order", request.OrderId.ToString());
        }

        return versions;
    }
}
