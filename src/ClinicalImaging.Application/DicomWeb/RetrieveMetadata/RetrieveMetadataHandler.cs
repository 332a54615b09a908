using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.DicomWeb.RetrieveMetadata;

/// <summary>
/// The stored headers of the scope. They are stored without the direct identifiers: callers allowed to read patient
/// data get the patient's name, ID and birth date back from the (encrypted) patient row; others get the headers as stored.
/// </summary>
public sealed class RetrieveMetadataHandler(IStudyStore studies, ICurrentUser user) : IRequestHandler<RetrieveMetadataQuery, IReadOnlyList<StoredInstanceHeader>>
{
    public async Task<IReadOnlyList<StoredInstanceHeader>> Handle(RetrieveMetadataQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = await studies.FindInstanceHeadersAsync(request.Scope, cancellationToken);
        if (headers.Count == 0)
        {
            throw new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
        }

        if (!AccessPolicies.Get(AccessPolicies.PatientDataRead).IsSatisfiedBy(user))
        {
            return headers;
        }

        var patient = await studies.GetStudyPatientAsync(DicomUid.Parse(request.Scope.StudyInstanceUid, "the study UID in the URL"), cancellationToken)
            ?? throw new NotFoundException($"No instances of {request.Scope.Describe()} are stored");
        return headers.Select(h => h with { HeaderJson = StoredHeaderIdentifiers.Restore(h.HeaderJson, patient).ToJsonString() }).ToList();
    }
}
