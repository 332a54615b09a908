using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Orders;
using ClinicalImaging.Application.Reviews;
using ClinicalImaging.Domain.Reports;
using MediatR;

namespace ClinicalImaging.Application.Reports.DraftReport;

public sealed class DraftReportHandler(
    IReportStore reports, IImagingOrderStore orders, IReviewStore reviews, IWorkflowUnitOfWork unitOfWork, ICurrentUser user)
    : IRequestHandler<DraftReportCommand, ReportView>
{
    public async Task<ReportView> Handle(DraftReportCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var order = await orders.FindAsync(request.OrderId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Imaging order", request.OrderId.ToString());
        var sections = request.Sections ?? ReportDraftComposer.Compose(
            order,
            order.StudyKey is { } studyKey ? await reviews.ListFinalForStudyAsync(studyKey, cancellationToken).ConfigureAwait(false) : []);
        var report = RadiologyReport.Draft(order, sections, user.ActorId);
        reports.Add(report);
        await unitOfWork.SaveAsync(
            new AuditRecord(request.AuditAction, request.AuditResourceType, [report.Id.ToString(), order.Id.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        return (await reports.GetViewAsync(report.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
