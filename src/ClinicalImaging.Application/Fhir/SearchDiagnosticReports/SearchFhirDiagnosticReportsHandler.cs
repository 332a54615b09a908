using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Fhir.SearchImagingStudies;
using MediatR;

namespace ClinicalImaging.Application.Fhir.SearchDiagnosticReports;

public sealed class SearchFhirDiagnosticReportsHandler(IFhirReportIndex reports) : IRequestHandler<SearchFhirDiagnosticReportsQuery, Bundle>
{
    public async Task<Bundle> Handle(SearchFhirDiagnosticReportsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The validator has refused references that do not parse; subject and patient together must agree.
        var patients = new[] { request.Subject, request.Patient }.OfType<string>()
            .Select(r => FhirSearchParameters.TryParsePatient(r, out var key) ? key : Guid.Empty)
            .Distinct()
            .ToList();
        var page = patients.Count == 1
            ? await reports.FindCurrentAsync(patients[0], request.Paging.From, request.Paging.Size, cancellationToken).ConfigureAwait(false)
            : new FhirReportPage(0, []);
        var matches = page.Reports.Select(r => (Resource)DiagnosticReportMapper.ToDiagnosticReport(SignedReportSource.From(r))).ToList();
        var search = $"{request.Request.FhirBaseUrl.TrimEnd('/')}/{nameof(DiagnosticReport)}?subject={Uri.EscapeDataString(request.Subject ?? request.Patient!)}";
        return request.Paging.SearchSet(matches, request.Request, search, page.Total);
    }
}
