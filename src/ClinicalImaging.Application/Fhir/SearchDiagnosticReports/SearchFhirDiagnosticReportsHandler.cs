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
        var count = request.PageSize;
        var offset = request.PageOffset;
        var page = patients.Count == 1
            ? await reports.FindCurrentAsync(patients[0], offset, count, cancellationToken).ConfigureAwait(false)
            : new FhirReportPage(0, []);
        var matches = page.Reports.Select(r => (Resource)DiagnosticReportMapper.ToDiagnosticReport(SignedReportSource.From(r))).ToList();
        var search = $"{request.Request.FhirBaseUrl.TrimEnd('/')}/{nameof(DiagnosticReport)}?subject={Uri.EscapeDataString(request.Subject ?? request.Patient!)}";
        return FhirBundles.SearchSet(matches, request.Request.SelfUrl, request.Request.FhirBaseUrl, page.Total, FhirBundles.PageLinks(search, offset, count, page.Total));
    }
}
