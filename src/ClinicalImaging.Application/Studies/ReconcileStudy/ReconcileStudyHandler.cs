using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Orders.StartOrderedAcquisition;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Studies.ReconcileStudy;

/// <summary>
/// Reconciles, then lets the order waiting for the study start (its patient is now known, so its accession number can
/// match), then answers the study as it now reads.
/// </summary>
public sealed class ReconcileStudyHandler(IStudyReconciliation reconciliation, IStudyStore studies, OrderMatcher orders)
    : IRequestHandler<ReconcileStudyCommand, StudyView>
{
    public async Task<StudyView> Handle(ReconcileStudyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uid = DicomUid.Parse(request.StudyInstanceUid, "StudyInstanceUID");
        // Validated by the pipeline (ReconcileStudyValidator) before the handler runs.
        DateOnly? birthDate = request.BirthDate is { } text ? DateOnly.ParseExact(text, ReconcileStudyCommand.BirthDateFormat, CultureInfo.InvariantCulture) : null;
        var patient = new PatientIdentity(request.PatientId, request.IssuerOfPatientId, request.PatientName, birthDate, request.Sex);
        var reconciled = await reconciliation.ReconcileAsync(uid, patient, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);
        await orders.MatchAsync(reconciled.StudyKey, cancellationToken).ConfigureAwait(false);
        return await studies.GetStudyAsync(uid, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Study", request.StudyInstanceUid);
    }
}
