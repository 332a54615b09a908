using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Domain.Studies;
using MediatR;

namespace ClinicalImaging.Application.Fhir.SearchImagingStudies;

public sealed class SearchFhirImagingStudiesHandler(IFhirStudyIndex index, FhirStudyReader reader) : IRequestHandler<SearchFhirImagingStudiesQuery, Bundle>
{
    public async Task<Bundle> Handle(SearchFhirImagingStudiesQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Guid? patient = request.Patient is not null && FhirSearchParameters.TryParsePatient(request.Patient, out var key) ? key : null;
        DicomUid? studyUid = null;
        string? accession = null;
        // The validator has refused identifiers that do not parse.
        if (request.Identifier is not null && !FhirSearchParameters.TryParseIdentifier(request.Identifier, out studyUid, out accession, out var problem))
        {
            throw new ArgumentException(problem, nameof(request));
        }

        var uids = await index.FindStudyUidsAsync(new FhirStudyCriteria(patient, studyUid, accession), request.Count ?? FhirOptions.DefaultPageSize, cancellationToken)
            .ConfigureAwait(false);
        var matches = new List<Resource>(uids.Count);
        foreach (var uid in uids)
        {
            // A study deleted between the two reads is simply not a match any more.
            if (await reader.ReadAsync(DicomUid.Parse(uid, "StudyInstanceUID"), request.Request, cancellationToken).ConfigureAwait(false) is { } study)
            {
                matches.Add(study);
            }
        }

        return FhirBundles.SearchSet(matches, request.Request.SelfUrl, request.Request.FhirBaseUrl);
    }
}
