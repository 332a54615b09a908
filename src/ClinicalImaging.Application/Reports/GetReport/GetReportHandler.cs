using ClinicalImaging.Application.Common.Exceptions;
using MediatR;

namespace ClinicalImaging.Application.Reports.GetReport;

public sealed class GetReportHandler(IReportStore reports) : IRequestHandler<GetReportQuery, ReportView>
{
    public async Task<ReportView> Handle(GetReportQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await reports.GetViewAsync(request.ReportId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Report", request.ReportId.ToString());
    }
}
