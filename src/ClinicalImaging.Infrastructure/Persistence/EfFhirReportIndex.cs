using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>Signed reports with their order's patient and study and the study's AI results, for the FHIR routes.</summary>
internal sealed class EfFhirReportIndex(ClinicalImagingDbContext db) : IFhirReportIndex
{
    public async Task<FhirReportPage> FindCurrentAsync(Guid patientKey, int offset, int count, CancellationToken cancellationToken)
    {
        var current =
            from r in Reports.Where(r => r.Status == ReportStatus.Signed)
            join o in Orders.Where(o => o.PatientKey == patientKey) on r.OrderKey equals o.Id
            select new { Report = r, Order = o };
        var total = await current.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = count == 0
            ? []
            : await current.OrderByDescending(row => row.Report.SignedAt).ThenBy(row => row.Report.Id)
                .Skip(offset).Take(count)
                .Select(row => new ReportRow(row.Report, row.Order))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new FhirReportPage(total, await CompleteAsync(rows, cancellationToken).ConfigureAwait(false));
    }

    public async Task<SignedReport?> GetAsync(Guid orderId, int? revision, CancellationToken cancellationToken)
    {
        var versions = revision is { } wanted
            ? Reports.Where(r => r.Revision == wanted && r.Status != ReportStatus.Draft)
            : Reports.Where(r => r.Status == ReportStatus.Signed);
        var rows = await (
                from r in versions.Where(r => r.OrderKey == orderId)
                join o in Orders on r.OrderKey equals o.Id
                select new ReportRow(r, o))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return (await CompleteAsync(rows, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    private IQueryable<RadiologyReport> Reports => db.Set<RadiologyReport>().AsNoTracking();

    private IQueryable<ImagingOrder> Orders => db.Set<ImagingOrder>().AsNoTracking();

    /// <summary>The patients, studies and AI results of the reports, in three reads whatever their number.</summary>
    private async Task<IReadOnlyList<SignedReport>> CompleteAsync(List<ReportRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var patientKeys = rows.Select(r => r.Order.PatientKey).Distinct().ToList();
        var names = await db.Patients.AsNoTracking().Where(p => patientKeys.Contains(p.Id))
            .Select(p => new { p.Id, p.PatientName })
            .ToDictionaryAsync(p => p.Id, p => p.PatientName, cancellationToken).ConfigureAwait(false);
        var studyKeys = rows.Select(r => r.Order.StudyKey).OfType<Guid>().Distinct().ToList();
        var studies = await db.Studies.AsNoTracking().Where(s => studyKeys.Contains(s.Id))
            .Select(s => new { s.Id, s.StudyInstanceUid })
            .ToDictionaryAsync(s => s.Id, s => s.StudyInstanceUid.Value, cancellationToken).ConfigureAwait(false);
        var results = await (
                from result in db.InferenceResults.AsNoTracking()
                where studyKeys.Contains(result.StudyKey)
                join review in db.Set<Review>().AsNoTracking().Where(v => v.Status == ReviewStatus.Final) on result.Id equals review.InferenceResultId into reviews
                from review in reviews.DefaultIfEmpty()
                orderby result.CompletedAt, result.Id
                select new
                {
                    result.StudyKey,
                    Result = new StoredAiResult(
                        result.ModelId,
                        result.CompletedAt,
                        review == null ? null : review.Verdict,
                        result.Findings.OrderBy(f => f.Ordinal).Select(f => new StoredAiFinding(f.Label, f.Confidence, f.Severity)).ToList()),
                })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var aiResults = results.ToLookup(r => r.StudyKey, r => r.Result);
        return rows.Select(row => new SignedReport(
                row.Order.Id,
                row.Report.Revision,
                row.Report.Sections,
                row.Report.SignedBy!,
                row.Report.SignedAt!.Value,
                row.Order.PatientKey,
                names.GetValueOrDefault(row.Order.PatientKey),
                row.Order.StudyKey is { } study ? studies.GetValueOrDefault(study) : null,
                row.Order.StudyKey is { } key ? aiResults[key].ToList() : []))
            .ToList();
    }

    private sealed record ReportRow(RadiologyReport Report, ImagingOrder Order);
}
