using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>The FHIR searches over the study index (patients by key, studies by patient, UID or accession number).</summary>
internal sealed class EfFhirStudyIndex(ClinicalImagingDbContext db) : IFhirStudyIndex
{
    public async Task<FhirStudyPage> FindStudyUidsAsync(FhirStudyCriteria criteria, int offset, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var studies = db.Studies.AsNoTracking();
        if (criteria.PatientKey is { } patient)
        {
            studies = studies.Where(s => s.PatientKey == patient);
        }

        if (criteria.StudyInstanceUid is { } uid)
        {
            studies = studies.Where(s => s.StudyInstanceUid == uid);
        }

        if (criteria.AccessionNumber is { } accession)
        {
            studies = studies.Where(s => s.Details.AccessionNumber == accession);
        }

        var total = await studies.CountAsync(cancellationToken).ConfigureAwait(false);
        var uids = count == 0
            ? []
            : await studies
                .OrderByDescending(s => s.Details.StudyDate).ThenBy(s => s.Id)
                .Select(s => s.StudyInstanceUid)
                .Skip(offset).Take(count)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new FhirStudyPage(total, uids.Select(u => u.Value).ToList());
    }

    public Task<PatientView?> GetPatientAsync(Guid patientKey, CancellationToken cancellationToken) =>
        db.Patients.AsNoTracking()
            .Where(p => p.Id == patientKey)
            .Select(p => new PatientView(p.Id, p.PatientId, p.IssuerOfPatientId, p.PatientName, p.BirthDate, p.Sex))
            .FirstOrDefaultAsync(cancellationToken)!;
}
