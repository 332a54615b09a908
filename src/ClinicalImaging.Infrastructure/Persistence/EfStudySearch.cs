using System.Diagnostics.CodeAnalysis;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Application.Images;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// Searches of the archive index for the REST API. Patient IDs are matched through their blind index (the stored
/// values are ciphertext); every other filter is plain SQL on indexed columns (see migrations 0001 and 0007).
/// </summary>
public sealed class EfStudySearch(ClinicalImagingDbContext db) : IStudySearch
{
    public async Task<PagedResult<StudySummary>> SearchStudiesAsync(StudySearchCriteria criteria, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var studies = Filter(db.Studies.AsNoTracking(), criteria);
        var total = await studies.LongCountAsync(cancellationToken);

        // Newest first; undated studies last; the id breaks ties so that pages never overlap or skip.
        var rows = await studies
            .OrderBy(s => s.Details.StudyDate == null).ThenByDescending(s => s.Details.StudyDate)
            .ThenBy(s => s.Details.StudyTime == null).ThenByDescending(s => s.Details.StudyTime)
            .ThenBy(s => s.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new
            {
                s.Id,
                s.StudyInstanceUid,
                Patient = new PatientView(s.Patient!.Id, s.Patient.PatientId, s.Patient.IssuerOfPatientId, s.Patient.PatientName, s.Patient.BirthDate, s.Patient.Sex),
                s.Details,
                s.CreatedAt,
                s.UpdatedAt,
            })
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Id).ToList();
        var series = (await db.Series.AsNoTracking()
                .Where(s => ids.Contains(s.StudyKey))
                .Select(s => new { s.StudyKey, s.Details.Modality, s.Details.BodyPartExamined, Instances = db.Instances.Count(i => i.SeriesKey == s.Id) })
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.StudyKey);

        var items = rows.Select(r =>
        {
            var ofStudy = series[r.Id].ToList();
            return new StudySummary(
                r.Id,
                r.StudyInstanceUid.Value,
                r.Patient,
                r.Details,
                Distinct(ofStudy.Select(s => s.Modality)),
                Distinct(ofStudy.Select(s => s.BodyPartExamined)),
                ofStudy.Count,
                ofStudy.Sum(s => s.Instances),
                r.CreatedAt,
                r.UpdatedAt);
        }).ToList();
        return new PagedResult<StudySummary>(items, total, page, pageSize);
    }

    public async Task<PagedResult<InstanceView>?> FindStudyImagesAsync(DicomUid studyInstanceUid, int page, int pageSize, CancellationToken cancellationToken)
    {
        var studyId = await db.Studies.Where(s => s.StudyInstanceUid == studyInstanceUid).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (studyId is not { } id)
        {
            return null;
        }

        var instances = db.Instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && s.StudyKey == id));
        return await PageOfAsync(instances, page, pageSize, cancellationToken);
    }

    public async Task<ImageView?> GetImageAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var image = await Views(db.Instances.Where(i => i.Id == instanceId)).FirstOrDefaultAsync(cancellationToken);
        if (image is null)
        {
            return null;
        }

        var series = await db.Series.AsNoTracking()
            .Where(s => db.Instances.Any(i => i.Id == instanceId && i.SeriesKey == s.Id))
            .Select(s => new { s.Id, s.StudyKey, s.Details, s.Equipment })
            .FirstAsync(cancellationToken);
        return new ImageView(image, series.StudyKey, series.Id, series.Details, series.Equipment);
    }

    public Task<PagedResult<InstanceView>> FindPatientImagesAsync(string patientId, string? issuerOfPatientId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var patients = OfPatientId(db.Patients, patientId, issuerOfPatientId);
        var instances = db.Instances.Where(i => db.Series.Any(s => s.Id == i.SeriesKey && db.Studies.Any(st => st.Id == s.StudyKey && patients.Any(p => p.Id == st.PatientKey))));
        return PageOfAsync(instances, page, pageSize, cancellationToken);
    }

    [SuppressMessage("Performance", "CA1862", Justification = "Translated to SQL lower(column), which the expression indexes serve; string.Equals with a comparison is not translatable")]
    [SuppressMessage("Globalization", "CA1304", Justification = "Translated to SQL lower(); no .NET culture is involved")]
    [SuppressMessage("Globalization", "CA1311", Justification = "Translated to SQL lower(); no .NET culture is involved")]
    private IQueryable<Study> Filter(IQueryable<Study> studies, StudySearchCriteria criteria)
    {
        if (criteria.PatientId is { } patientId)
        {
            var patients = OfPatientId(db.Patients, patientId, criteria.IssuerOfPatientId);
            studies = studies.Where(s => patients.Any(p => p.Id == s.PatientKey));
        }

        if (criteria.UnidentifiedPatient is { } unidentified)
        {
            // An unidentified patient has no blind index (ix_patients_unidentified, migration 0015).
            var unidentifiedPatients = db.Patients.Where(p => EF.Property<byte[]?>(p, PatientConfiguration.PatientIdIndex) == null);
            studies = unidentified
                ? studies.Where(s => unidentifiedPatients.Any(p => p.Id == s.PatientKey))
                : studies.Where(s => !unidentifiedPatients.Any(p => p.Id == s.PatientKey));
        }

        if (criteria.Modality is { } modality)
        {
            studies = studies.Where(s => db.Series.Any(se => se.StudyKey == s.Id && se.Details.Modality == modality));
        }

        // lower(column) = lowered value: what ix_series_body_part_examined_lower and ix_series_manufacturer_lower index.
        if (criteria.BodyPart?.ToLowerInvariant() is { } bodyPart)
        {
            studies = studies.Where(s => db.Series.Any(se => se.StudyKey == s.Id && se.Details.BodyPartExamined!.ToLower() == bodyPart));
        }

        if (criteria.Manufacturer?.ToLowerInvariant() is { } manufacturer)
        {
            studies = studies.Where(s => db.Series.Any(se => se.StudyKey == s.Id && se.Equipment.Manufacturer!.ToLower() == manufacturer));
        }

        if (criteria.HasContrast is { } hasContrast)
        {
            // As AcquisitionParameters.HasContrast: an agent is recorded when the value is not blank. (NOT) EXISTS lets
            // PostgreSQL probe ix_instances_series_key_contrast per candidate study instead of scanning every agent.
            var contrastSeries = db.Series.Where(se => db.Instances.Any(i =>
                i.SeriesKey == se.Id && i.Acquisition.ContrastBolusAgent != null && i.Acquisition.ContrastBolusAgent.Trim() != ""));
            studies = hasContrast
                ? studies.Where(s => contrastSeries.Any(se => se.StudyKey == s.Id))
                : studies.Where(s => !contrastSeries.Any(se => se.StudyKey == s.Id));
        }

        if (criteria.StartDate is { } start)
        {
            studies = studies.Where(s => s.Details.StudyDate >= start);
        }

        if (criteria.EndDate is { } end)
        {
            studies = studies.Where(s => s.Details.StudyDate <= end);
        }

        if (criteria.AccessionNumber is { } accessionNumber)
        {
            studies = studies.Where(s => s.Details.AccessionNumber == accessionNumber);
        }

        if (criteria.Description is { } description)
        {
            // Escaped, the text's own %, _ and \ match literally.
            var pattern = "%" + description.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            studies = studies.Where(s => EF.Functions.ILike(s.Details.Description!, pattern, @"\"));
        }

        return studies;
    }

    /// <summary>Patients by the blind index of their Patient ID: equality only, as the ciphertext cannot be compared.</summary>
    private IQueryable<Patient> OfPatientId(IQueryable<Patient> patients, string patientId, string? issuerOfPatientId)
    {
        patients = patients.WithPatientId(db.Protector, patientId);
        return issuerOfPatientId is null ? patients : patients.Where(p => p.IssuerOfPatientId == issuerOfPatientId);
    }

    private async Task<PagedResult<InstanceView>> PageOfAsync(IQueryable<Instance> instances, int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await instances.LongCountAsync(cancellationToken);
        var items = await Views(instances).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResult<InstanceView>(items, total, page, pageSize);
    }

    /// <summary>Newest study first (undated last), then by series number and UID, then by instance number and UID: a total order.</summary>
    private IQueryable<InstanceView> Views(IQueryable<Instance> instances) =>
        InstanceRows.Of(db, instances)
            .OrderBy(r => r.Study.Details.StudyDate == null).ThenByDescending(r => r.Study.Details.StudyDate).ThenBy(r => r.Study.Id)
            .ThenBy(r => r.Series.Details.SeriesNumber).ThenBy(r => r.Series.SeriesInstanceUid)
            .ThenBy(r => r.Instance.InstanceNumber).ThenBy(r => r.Instance.SopInstanceUid)
            .Select(InstanceRows.ToView);

    private static List<string> Distinct(IEnumerable<string?> values) =>
        values.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
