using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Triage.OverrideStudyPriority;

public sealed class OverrideStudyPriorityHandler(IInferenceResultStore results, ICurrentUser user) : IRequestHandler<OverrideStudyPriorityCommand, StudyTriageView>
{
    public Task<StudyTriageView> Handle(OverrideStudyPriorityCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var audit = new AuditRecord(request.AuditAction, request.AuditResourceType, request.AuditResourceIds, AuditOutcome.Success);
        return results.OverridePriorityAsync(
            DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID"), request.Priority, request.Reason.Trim(), user.ActorId, audit, cancellationToken);
    }
}
