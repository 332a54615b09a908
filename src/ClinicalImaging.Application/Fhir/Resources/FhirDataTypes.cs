using System.Text.Json.Serialization;

namespace ClinicalImaging.Application.Fhir.Resources;

// FHIR R4 data types (https://hl7.org/fhir/R4/datatypes.html), only the elements this service reads or writes.
// Absent elements are null, never empty: FHIR forbids empty strings and arrays.

public sealed record Coding(string? System, string? Code, string? Display = null);

public sealed record CodeableConcept(IReadOnlyList<Coding>? Coding, string? Text = null)
{
    public static CodeableConcept Of(Coding coding) => new([coding]);
}

public sealed record Identifier(string? System, string? Value, CodeableConcept? Type = null, string? Use = null)
{
    /// <summary>The organisation that issued the identifier, by name when it has no resource here.</summary>
    public Reference? Assigner { get; init; }
}

/// <summary>A reference to another resource: a relative URL ("Patient/123"), or "#id" for a contained one.</summary>
public sealed record Reference
{
    [JsonPropertyName("reference")]
    public string? Target { get; init; }

    public string? Display { get; init; }

    public static Reference To(string? target, string? display = null) => new() { Target = target, Display = display };
}

public sealed record HumanName(string? Text, string? Family, IReadOnlyList<string>? Given, IReadOnlyList<string>? Prefix = null, IReadOnlyList<string>? Suffix = null);

public sealed record Attachment(string ContentType, string? Data = null, string? Title = null, string? Url = null);

/// <summary>A measured amount; <see cref="System"/> and <see cref="Code"/> name the unit (UCUM).</summary>
public sealed record Quantity(decimal Value, string? Unit, string? System, string? Code);

/// <summary>A text note (https://hl7.org/fhir/R4/datatypes.html#Annotation).</summary>
public sealed record Annotation(string Text);
