using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using MediatR;

namespace ClinicalImaging.Application.Reports.EditReport;

public sealed class EditReportHandler(IReportStore reports, IWorkflowUnitOfWork unitOfWork) : IRequestHandler<EditReportCommand, ReportView>
{
    public async Task<ReportView> Handle(EditReportCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await reports.FindAsync(request.ReportId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Report", request.ReportId.ToString());
        ExpectedVersion.Ensure(report, request.ExpectedVersion, "Report");
        report.Edit(request.Sections);
        await unitOfWork.SaveAsync(new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success), cancellationToken)
            .ConfigureAwait(false);
        return (await reports.GetViewAsync(report.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
