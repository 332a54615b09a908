using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using MediatR;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Reports.SignReport;

public sealed class SignReportHandler(
    IReportStore reports,
    IImagingOrderStore orders,
    IWorkflowUnitOfWork unitOfWork,
    ICurrentUser user,
    IClock clock,
    IOptions<ReportingOptions> options) : IRequestHandler<SignReportCommand, ReportView>
{
    public async Task<ReportView> Handle(SignReportCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await reports.FindAsync(request.ReportId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Report", request.ReportId.ToString());
        ExpectedVersion.Ensure(report, request.ExpectedVersion, "Report");
        var order = (await orders.FindAsync(report.OrderKey, cancellationToken).ConfigureAwait(false))!;
        var now = clock.UtcNow;

        report.Sign(user.ActorId, now);
        if (report.PreviousReportKey is { } previousKey)
        {
            var previous = (await reports.FindAsync(previousKey, cancellationToken).ConfigureAwait(false))!;
            previous.SupersedeBy(report, now);
        }

        var firstSignature = order.Status != OrderStatus.Reported;
        if (firstSignature)
        {
            order.MarkReported(now);
        }

        if (report.Sections.CriticalFinding)
        {
            reports.Add(CriticalFindingNotification.Raise(report, options.Value.CriticalFindingAcknowledgementTarget));
        }

        await unitOfWork.SaveAsync(
            new AuditRecord(request.AuditAction, request.AuditResourceType, [report.Id.ToString(), order.Id.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);

        if (firstSignature && order.StartedAt is { } started)
        {
            WorkflowMetrics.RecordReportTurnaround(now - started, order.Modality, order.Priority.ToString());
        }

        if (report.Sections.CriticalFinding)
        {
            WorkflowMetrics.RecordCriticalRaised();
        }

        return (await reports.GetViewAsync(report.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
