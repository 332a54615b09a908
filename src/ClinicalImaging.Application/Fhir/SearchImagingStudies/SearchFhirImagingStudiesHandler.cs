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

        var page = await index.FindStudyUidsAsync(new FhirStudyCriteria(patient, studyUid, accession), request.Paging.From, request.Paging.Size, cancellationToken)
            .ConfigureAwait(false);
        var matches = new List<Resource>(page.StudyInstanceUids.Count);
        foreach (var uid in page.StudyInstanceUids)
        {
            // A study deleted between the two reads is simply not a match any more.
            if (await reader.ReadAsync(DicomUid.Parse(uid, "StudyInstanceUID"), request.Request, cancellationToken).ConfigureAwait(false) is { } study)
            {
                matches.Add(study);
            }
        }

        return request.Paging.SearchSet(matches, request.Request, SearchUrl(request), page.Total);
    }

    /// <summary>The search's criteria, without paging, for the page links.</summary>
    private static string SearchUrl(SearchFhirImagingStudiesQuery request)
    {
        var criteria = new[] { ("patient", request.Patient), ("identifier", request.Identifier) }
            .Where(c => c.Item2 is not null)
            .Select(c => $"{c.Item1}={Uri.EscapeDataString(c.Item2!)}");
        return $"{request.Request.FhirBaseUrl.TrimEnd('/')}/{nameof(ImagingStudy)}?{string.Join('&', criteria)}";
    }
}
