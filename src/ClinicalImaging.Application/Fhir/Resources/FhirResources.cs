using System.Text.Json.Serialization;

namespace ClinicalImaging.Application.Fhir.Resources;

/// <summary>
/// A FHIR R4 resource. Serialised through this base type, a resource leads with its <c>resourceType</c>; read back,
/// <c>resourceType</c> may come anywhere in the object (see <see cref="FhirJson"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "resourceType")]
[JsonDerivedType(typeof(Patient), nameof(Patient))]
[JsonDerivedType(typeof(ImagingStudy), nameof(ImagingStudy))]
[JsonDerivedType(typeof(Endpoint), nameof(Endpoint))]
[JsonDerivedType(typeof(DiagnosticReport), nameof(DiagnosticReport))]
[JsonDerivedType(typeof(Observation), nameof(Observation))]
[JsonDerivedType(typeof(OperationOutcome), nameof(OperationOutcome))]
[JsonDerivedType(typeof(Bundle), nameof(Bundle))]
public abstract record Resource
{
    public string? Id { get; init; }

    /// <summary>The version this answer shows, where a resource keeps versions (DiagnosticReport).</summary>
    public ResourceMeta? Meta { get; init; }
}

/// <param name="VersionId">The version, as <c>_history/{vid}</c> reads it.</param>
/// <param name="LastUpdated">When this version came to be (an instant).</param>
public sealed record ResourceMeta(string? VersionId, string? LastUpdated);

/// <summary>https://hl7.org/fhir/R4/patient.html</summary>
public sealed record Patient : Resource
{
    public IReadOnlyList<Identifier>? Identifier { get; init; }

    public IReadOnlyList<HumanName>? Name { get; init; }

    /// <summary>male | female | other | unknown.</summary>
    public string? Gender { get; init; }

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    public string? BirthDate { get; init; }
}

/// <summary>https://hl7.org/fhir/R4/imagingstudy.html</summary>
public sealed record ImagingStudy : Resource
{
    /// <summary>Resources only this study refers to: the DICOMweb <see cref="Endpoint"/>.</summary>
    public IReadOnlyList<Resource>? Contained { get; init; }

    public IReadOnlyList<Identifier>? Identifier { get; init; }

    /// <summary>registered | available | cancelled | entered-in-error | unknown.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<Coding>? Modality { get; init; }

    public required Reference Subject { get; init; }

    public string? Started { get; init; }

    public IReadOnlyList<Reference>? Endpoint { get; init; }

    public int? NumberOfSeries { get; init; }

    public int? NumberOfInstances { get; init; }

    public IReadOnlyList<CodeableConcept>? ProcedureCode { get; init; }

    public IReadOnlyList<CodeableConcept>? ReasonCode { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<ImagingStudySeries>? Series { get; init; }
}

public sealed record ImagingStudySeries
{
    public required string Uid { get; init; }

    public int? Number { get; init; }

    public required Coding Modality { get; init; }

    public string? Description { get; init; }

    public int? NumberOfInstances { get; init; }

    public Coding? BodySite { get; init; }

    public Coding? Laterality { get; init; }

    public string? Started { get; init; }

    public IReadOnlyList<ImagingStudyInstance>? Instance { get; init; }
}

public sealed record ImagingStudyInstance
{
    public required string Uid { get; init; }

    public required Coding SopClass { get; init; }

    public int? Number { get; init; }

    public string? Title { get; init; }
}

/// <summary>https://hl7.org/fhir/R4/endpoint.html: where the study's images can be fetched (our DICOMweb root).</summary>
public sealed record Endpoint : Resource
{
    public required string Status { get; init; }

    public required Coding ConnectionType { get; init; }

    public required IReadOnlyList<CodeableConcept> PayloadType { get; init; }

    public IReadOnlyList<string>? PayloadMimeType { get; init; }

    public required string Address { get; init; }
}

/// <summary>https://hl7.org/fhir/R4/diagnosticreport.html</summary>
public sealed record DiagnosticReport : Resource
{
    public IReadOnlyList<Resource>? Contained { get; init; }

    public IReadOnlyList<Identifier>? Identifier { get; init; }

    /// <summary>registered | partial | preliminary | final | amended | corrected | appended | cancelled | entered-in-error | unknown.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<CodeableConcept>? Category { get; init; }

    public required CodeableConcept Code { get; init; }

    public Reference? Subject { get; init; }

    public string? EffectiveDateTime { get; init; }

    public string? Issued { get; init; }

    public IReadOnlyList<Reference>? ResultsInterpreter { get; init; }

    public IReadOnlyList<Reference>? Result { get; init; }

    public IReadOnlyList<Reference>? ImagingStudy { get; init; }

    public string? Conclusion { get; init; }

    public IReadOnlyList<CodeableConcept>? ConclusionCode { get; init; }

    public IReadOnlyList<Attachment>? PresentedForm { get; init; }
}

/// <summary>https://hl7.org/fhir/R4/observation.html: here, one finding of an AI model on a study.</summary>
public sealed record Observation : Resource
{
    /// <summary>registered | preliminary | final | amended | corrected | cancelled | entered-in-error | unknown.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<CodeableConcept>? Category { get; init; }

    public required CodeableConcept Code { get; init; }

    public Reference? Subject { get; init; }

    public IReadOnlyList<Reference>? DerivedFrom { get; init; }

    public string? EffectiveDateTime { get; init; }

    public Quantity? ValueQuantity { get; init; }

    public IReadOnlyList<Annotation>? Note { get; init; }

    public CodeableConcept? Method { get; init; }

    public Reference? Device { get; init; }
}

/// <summary>https://hl7.org/fhir/R4/operationoutcome.html: what went wrong, as FHIR clients expect errors.</summary>
public sealed record OperationOutcome : Resource
{
    public required IReadOnlyList<OperationOutcomeIssue> Issue { get; init; }
}

/// <param name="Severity">fatal | error | warning | information.</param>
/// <param name="Code">An IssueType code: invalid, not-found, forbidden, security, conflict, exception...</param>
public sealed record OperationOutcomeIssue(string Severity, string Code, string? Diagnostics);

/// <summary>https://hl7.org/fhir/R4/bundle.html</summary>
public sealed record Bundle : Resource
{
    /// <summary>searchset for search results.</summary>
    public required string Type { get; init; }

    public int? Total { get; init; }

    public IReadOnlyList<BundleLink>? Link { get; init; }

    public IReadOnlyList<BundleEntry>? Entry { get; init; }
}

public sealed record BundleLink(string Relation, string Url);

public sealed record BundleEntry(string? FullUrl, Resource? Resource, BundleEntrySearch? Search = null);

/// <param name="Mode">match | include | outcome.</param>
public sealed record BundleEntrySearch(string Mode);
