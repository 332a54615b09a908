using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Studies;

/// <summary>A patient as identified by the issuing organisation (Patient ID plus Issuer of Patient ID).</summary>
public sealed class Patient : Entity
{
    public const int MaxPatientIdLength = 64;

    private Patient(string patientId, string issuerOfPatientId)
    {
        PatientId = patientId;
        IssuerOfPatientId = issuerOfPatientId;
    }

    public string PatientId { get; private set; }

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

    /// <summary>Newer objects carry the current demographics; a value an object omits does not erase a known one.</summary>
    public void UpdateDemographics(string? patientName, DateOnly? birthDate, string? sex)
    {
        PatientName = patientName ?? PatientName;
        BirthDate = birthDate ?? BirthDate;
        Sex = sex ?? Sex;
    }
}
