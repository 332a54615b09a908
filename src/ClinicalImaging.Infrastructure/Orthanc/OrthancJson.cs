using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicalImaging.Infrastructure.Orthanc;

// The shapes of Orthanc's REST API (https://orthanc.uclouvain.be/book/users/rest.html) that the client reads and
// writes; Orthanc names its fields in PascalCase, as these records do.

internal sealed record OrthancSystem(string Name, string Version, string DicomAet, int DicomPort, int ApiVersion);

internal sealed record OrthancStudy(
    [property: JsonPropertyName("ID")] string Id,
    Dictionary<string, string> MainDicomTags,
    Dictionary<string, string> PatientMainDicomTags,
    string[] Series,
    bool IsStable);

internal sealed record OrthancSeries(
    [property: JsonPropertyName("ID")] string Id,
    Dictionary<string, string> MainDicomTags,
    string[] Instances);

internal sealed record OrthancResource([property: JsonPropertyName("ID")] string Id, string? Type);

internal sealed record OrthancUpload([property: JsonPropertyName("ID")] string Id, string ParentStudy, string Status);

internal sealed record OrthancChange(
    [property: JsonPropertyName("Seq")] long Sequence,
    string ChangeType,
    string ResourceType,
    [property: JsonPropertyName("ID")] string Id);

internal sealed record OrthancChanges(OrthancChange[] Changes, long Last, bool Done);

internal sealed record OrthancErrorBody(string? OrthancError);

internal sealed record OrthancFindRequest(string Level, Dictionary<string, string> Query, bool Expand, bool CaseSensitive, int Limit);

internal sealed record OrthancQueryRequest(string Level, Dictionary<string, string> Query);

internal sealed record OrthancStudyKey(string StudyInstanceUID);

internal sealed record OrthancMoveRequest(string Level, OrthancStudyKey[] Resources, bool Synchronous);

internal sealed record OrthancModifyRequest(Dictionary<string, string> Replace);

internal sealed record OrthancAnonymizeRequest;

internal sealed record OrthancEchoRequest;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrthancSystem))]
[JsonSerializable(typeof(OrthancStudy[]))]
[JsonSerializable(typeof(OrthancSeries[]))]
[JsonSerializable(typeof(OrthancResource[]))]
[JsonSerializable(typeof(OrthancUpload))]
[JsonSerializable(typeof(OrthancChanges))]
[JsonSerializable(typeof(OrthancErrorBody))]
[JsonSerializable(typeof(OrthancFindRequest))]
[JsonSerializable(typeof(OrthancQueryRequest))]
[JsonSerializable(typeof(OrthancMoveRequest))]
[JsonSerializable(typeof(OrthancModifyRequest))]
[JsonSerializable(typeof(OrthancAnonymizeRequest))]
[JsonSerializable(typeof(OrthancEchoRequest))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>[]))]
internal sealed partial class OrthancJsonContext : JsonSerializerContext;
