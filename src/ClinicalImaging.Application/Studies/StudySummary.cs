using ClinicalImaging.Application.Common;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Studies;

/// <summary>A study as a search lists it: its patient, its details and what its series hold, without the series themselves.</summary>
/// <param name="Modalities">The distinct modalities of its series, sorted.</param>
/// <param name="BodyParts">The distinct Body Part Examined values of its series, sorted.</param>
public sealed record StudySummary(
    Guid Id,
    string StudyInstanceUid,
    PatientView Patient,
    StudyDetails Details,
    IReadOnlyList<string> Modalities,
    IReadOnlyList<string> BodyParts,
    int NumberOfSeries,
    int NumberOfInstances,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt) : IAuditedResource
{
    string IAuditedResource.AuditResourceId => StudyInstanceUid;
}

/// <summary>
/// What a study search filters by; every filter is optional and they combine with AND. Series-level filters
/// (modality, body part, manufacturer) and contrast match a study when at least one of its series or instances does.
/// </summary>
public sealed record StudySearchCriteria
{
    public static readonly StudySearchCriteria None = new();

    /// <summary>Exact Patient ID (found through its blind index: the stored value is encrypted).</summary>
    public string? PatientId { get; init; }

    /// <summary>Exact Issuer of Patient ID; only with <see cref="PatientId"/>.</summary>
    public string? IssuerOfPatientId { get; init; }

    /// <summary>True: only studies filed under an unidentified patient (empty Patient ID), which wait for reconciliation; false: only identified ones.</summary>
    public bool? UnidentifiedPatient { get; init; }

    /// <summary>Exact code string (CT, MR…); compared upper-cased, as code strings are.</summary>
    public string? Modality { get; init; }

    /// <summary>Body Part Examined, case-insensitive (chest, CHEST).</summary>
    public string? BodyPart { get; init; }

    /// <summary>Manufacturer, whole value, case-insensitive.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>True: some instance records a contrast/bolus agent; false: none does.</summary>
    public bool? HasContrast { get; init; }

    /// <summary>Study Date from, inclusive.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>Study Date to, inclusive.</summary>
    public DateOnly? EndDate { get; init; }

    /// <summary>Exact Accession Number.</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Text contained in the Study Description, case-insensitive.</summary>
    public string? Description { get; init; }

    /// <summary>The names of the filters in use (for the audit trail: which filters, never their values).</summary>
    public IEnumerable<string> FilterNames()
    {
        (string Name, object? Value)[] filters =
        [
            ("patientId", PatientId), ("issuerOfPatientId", IssuerOfPatientId), ("unidentifiedPatient", UnidentifiedPatient), ("modality", Modality), ("bodyPart", BodyPart),
            ("manufacturer", Manufacturer), ("hasContrast", HasContrast), ("startDate", StartDate), ("endDate", EndDate),
            ("accessionNumber", AccessionNumber), ("description", Description),
        ];
        return filters.Where(f => f.Value is not null).Select(f => f.Name);
    }
}
