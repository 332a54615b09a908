using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.DicomWeb;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Research.RetrieveDeidentifiedMetadata;

/// <summary>
/// The stored headers with the patient's identifiers put back (the de-identifier must see them to replace them and to
/// clean descriptions of them), then de-identified: nothing reaches the caller that did not pass the de-identifier.
/// </summary>
public sealed class RetrieveDeidentifiedMetadataHandler(IStudyStore studies, ResearchUids uids, ResearchDeidentifier deidentifier)
    : IRequestHandler<RetrieveDeidentifiedMetadataQuery, IReadOnlyList<StoredInstanceHeader>>
{
    public async Task<IReadOnlyList<StoredInstanceHeader>> Handle(RetrieveDeidentifiedMetadataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notFound = new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
        var scope = await uids.OriginalAsync(request.Scope, cancellationToken) ?? throw notFound;
        var headers = await studies.FindInstanceHeadersAsync(scope, cancellationToken);
        var patient = headers.Count == 0 ? null : await studies.GetStudyPatientAsync(DicomUid.Parse(scope.StudyInstanceUid, "the study UID"), cancellationToken);
        if (patient is null)
        {
            throw notFound;
        }

        return headers.Select(h => new StoredInstanceHeader(
            uids.Pseudonymous(h.Instance),
            deidentifier.Deidentify(StoredHeaderIdentifiers.Restore(h.HeaderJson, patient)).ToJsonString())).ToList();
    }
}
