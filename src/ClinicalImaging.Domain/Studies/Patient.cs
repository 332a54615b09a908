using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>
/// A patient as identified by the issuing organisation (Patient ID plus Issuer of Patient ID), or an unidentified
/// patient: one whose objects carried an empty Patient ID. An unidentified patient holds exactly one study and is never
/// matched by Patient ID, so two unknown patients are never filed as one (docs/decisions/0808).
/// </summary>
public sealed class Patient : Entity
{
    public const int MaxPatientIdLength = 64;

    private Patient(string patientId, string issuerOfPatientId)
    {
        PatientId = patientId;
        IssuerOfPatientId = issuerOfPatientId;
    }

    /// <summary>Empty for an unidentified patient.</summary>
    public string PatientId { get; private set; }

    /// <summary>False when the objects carried an empty Patient ID (Type 2: present, value unknown).</summary>
    public bool IsIdentified => PatientId.Length > 0;

    /// <summary>Empty when the object named no issuer, so that (PatientId, Issuer) stays a plain unique key.</summary>
    public string IssuerOfPatientId { get; private set; }

    public string? PatientName { get; private set; }

    public DateOnly? BirthDate { get; private set; }

    public string? Sex { get; private set; }

    public static Patient Create(string patientId, string? issuerOfPatientId)
    {
        if (string.IsNullOrWhiteSpace(patientId))
        {
            throw new DomainException("PatientID (0010,0020) is missing");
        }

        if (patientId.Length > MaxPatientIdLength)
        {
            throw new DomainException($"PatientID (0010,0020) is {patientId.Length} characters long; at most {MaxPatientIdLength} are allowed");
        }

        return new Patient(patientId, issuerOfPatientId ?? string.Empty);
    }

    /// <summary>The patient of one study whose objects carry an empty Patient ID.</summary>
    public static Patient CreateUnidentified(string? issuerOfPatientId) => new(string.Empty, issuerOfPatientId ?? string.Empty);

    /// <summary>
    /// The demographics given that contradict a value on record, by property name (PatientName, BirthDate, Sex); a value
    /// given where none is recorded, or not given, contradicts nothing.
    /// </summary>
    public IReadOnlyList<string> DemographicsContradictedBy(string? patientName, DateOnly? birthDate, string? sex)
    {
        var contradicted = new List<string>();
        if (patientName is not null && PatientName is not null && patientName != PatientName)
        {
            contradicted.Add(nameof(PatientName));
        }

        if (birthDate is not null && BirthDate is not null && birthDate != BirthDate)
        {
            contradicted.Add(nameof(BirthDate));
        }

        if (sex is not null && Sex is not null && sex != Sex)
        {
            contradicted.Add(nameof(Sex));
        }

        return contradicted;
    }

    /// <summary>
    /// Newer objects carry the current demographics; a value an object omits does not erase a known one. True when
    /// anything changed (most objects of a patient repeat what is known, and an unchanged row need not be written).
    /// </summary>
    public bool UpdateDemographics(string? patientName, DateOnly? birthDate, string? sex)
    {
        var (name, birth, newSex) = (patientName ?? PatientName, birthDate ?? BirthDate, sex ?? Sex);
        if (name == PatientName && birth == BirthDate && newSex == Sex)
        {
            return false;
        }

        (PatientName, BirthDate, Sex) = (name, birth, newSex);
        return true;
    }
}
