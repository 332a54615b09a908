using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Reports.AmendReport;

public sealed class AmendReportHandler(IReportStore reports, IWorkflowUnitOfWork unitOfWork, ICurrentUser user) : IRequestHandler<AmendReportCommand, ReportView>
{
    public async Task<ReportView> Handle(AmendReportCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signed = await reports.FindAsync(request.ReportId, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Report", request.ReportId.ToString());
        var amendment = signed.Amend(user.ActorId);
        reports.Add(amendment);
        await unitOfWork.SaveAsync(
            new AuditRecord(request.AuditAction, request.AuditResourceType, [amendment.Id.ToString(), signed.Id.ToString()], AuditOutcome.Success),
            cancellationToken).ConfigureAwait(false);
        return (await reports.GetViewAsync(amendment.Id, cancellationToken).ConfigureAwait(false))!;
    }
}
