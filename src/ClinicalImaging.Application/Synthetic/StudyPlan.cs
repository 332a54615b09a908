namespace ClinicalImaging.Application.Synthetic;

/// <summary>What to generate: one study, its patient and its series, as read from FHIR (or decided by the generator).</summary>
public sealed record StudyPlan(
    string Key,
    string StudyInstanceUid,
    PatientPlan Patient,
    DateTime Started,
    string? AccessionNumber,
    string? Description,
    IReadOnlyList<SeriesPlan> Series);

public sealed record PatientPlan(string PatientId, string? Name, DateOnly? BirthDate, string? Sex);

/// <param name="InstanceUids">SOP Instance UIDs the FHIR series listed; the rest are derived.</param>
public sealed record SeriesPlan(
    string SeriesInstanceUid,
    int Number,
    ModalityProfile Profile,
    string? Description,
    string BodyPartExamined,
    string? Laterality,
    int InstanceCount,
    IReadOnlyList<string> InstanceUids);
