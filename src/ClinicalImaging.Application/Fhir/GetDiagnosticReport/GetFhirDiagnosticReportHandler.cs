using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using MediatR;

namespace ClinicalImaging.Application.Fhir.GetDiagnosticReport;

public sealed class GetFhirDiagnosticReportHandler(IFhirReportIndex reports) : IRequestHandler<GetFhirDiagnosticReportQuery, DiagnosticReport>
{
    public async Task<DiagnosticReport> Handle(GetFhirDiagnosticReportQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        int? revision = request.VersionId is { } version ? int.Parse(version, CultureInfo.InvariantCulture) : null;
        var report = await reports.GetAsync(Guid.Parse(request.Id), revision, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException(nameof(DiagnosticReport), revision is null ? request.Id : $"{request.Id} version {revision}");
        return DiagnosticReportMapper.ToDiagnosticReport(SignedReportSource.From(report));
    }
}
