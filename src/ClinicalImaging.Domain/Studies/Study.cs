using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>An imaging study: the aggregate root of its series and their instances.</summary>
public sealed class Study : Entity
{
    private readonly List<Series> _series = [];

    private Study(DicomUid studyInstanceUid, Guid patientKey)
    {
        StudyInstanceUid = studyInstanceUid;
        PatientKey = patientKey;
    }

    public DicomUid StudyInstanceUid { get; private set; }

    /// <summary>The surrogate key of the owning <see cref="Studies.Patient"/>.</summary>
    public Guid PatientKey { get; private set; }

    public Patient? Patient { get; private set; }

    public StudyDetails Details { get; private set; } = StudyDetails.Empty;

    public PatientCharacteristics PatientCharacteristics { get; private set; } = PatientCharacteristics.Empty;

    /// <summary>
    /// When the study was moved from its unidentified patient to its real one; null for a study filed as it arrived.
    /// Objects of a reconciled study that still carry an empty Patient ID join it (docs/decisions/0811).
    /// </summary>
    public DateTimeOffset? ReconciledAt { get; private set; }

    public IReadOnlyList<Series> Series => _series;

    public static Study Create(DicomUid studyInstanceUid, Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return new Study(studyInstanceUid, patient.Id) { Patient = patient };
    }

    /// <summary>An instance that belongs to another patient's study is a reconciliation problem, not an update.</summary>
    public void EnsureBelongsTo(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (PatientKey != patient.Id)
        {
            throw new DomainException(
                $"StudyInstanceUID {StudyInstanceUid} already belongs to another patient; the object's PatientID does not match");
        }
    }

    /// <summary>Files the study under its real patient: the unidentified patient it was filed under is left without studies.</summary>
    public void ReconcileTo(Patient patient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (!patient.IsIdentified)
        {
            throw new DomainException($"StudyInstanceUID {StudyInstanceUid} can only be reconciled to an identified patient");
        }

        (PatientKey, Patient, ReconciledAt) = (patient.Id, patient, now);
        Touch(now);
    }

    public void Update(StudyDetails details, PatientCharacteristics characteristics)
    {
        Details = Merge(Details, details);
        PatientCharacteristics = new PatientCharacteristics(
            characteristics.Age ?? PatientCharacteristics.Age,
            characteristics.WeightKg ?? PatientCharacteristics.WeightKg,
            characteristics.SizeMetres ?? PatientCharacteristics.SizeMetres);
    }

    public Series AddSeries(DicomUid seriesInstanceUid)
    {
        var series = Studies.Series.Create(seriesInstanceUid, this);
        _series.Add(series);
        return series;
    }

    private static StudyDetails Merge(StudyDetails known, StudyDetails incoming) => new(
        incoming.StudyDate ?? known.StudyDate,
        incoming.StudyTime ?? known.StudyTime,
        incoming.Description ?? known.Description,
        incoming.AccessionNumber ?? known.AccessionNumber,
        incoming.ReferringPhysicianName ?? known.ReferringPhysicianName,
        incoming.StudyId ?? known.StudyId);
}
