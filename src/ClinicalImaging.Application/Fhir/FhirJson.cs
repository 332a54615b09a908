using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir;

/// <summary>The JSON form of FHIR R4 (https://hl7.org/fhir/R4/json.html) for our resource records.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Other servers need not put resourceType first.
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>Serialises through <see cref="Resource"/>, so that the JSON names its <c>resourceType</c>.</summary>
    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    public static Task SerializeAsync(Stream stream, Resource resource, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(stream, resource, Options, cancellationToken);

    /// <summary>Reads one resource of a type we model; <see cref="FhirFormatException"/> otherwise.</summary>
    public static T Deserialize<T>(JsonElement json)
        where T : Resource
    {
        try
        {
            return json.Deserialize<Resource>(Options) as T
                ?? throw new FhirFormatException($"expected a {typeof(T).Name} resource, found {ResourceTypeOf(json) ?? "no resourceType"}");
        }
        catch (JsonException failure)
        {
            throw new FhirFormatException($"not a valid {typeof(T).Name}: {failure.Message}");
        }
    }

    public static string? ResourceTypeOf(JsonElement json) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;
}

/// <summary>FHIR JSON that is not what was expected: names the resource or element and what was wrong.</summary>
public sealed class FhirFormatException(string message) : Exception(message);
