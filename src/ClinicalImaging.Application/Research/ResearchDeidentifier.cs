using System.Text.Json.Nodes;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Json;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Application.Research;

/// <summary>
/// The one de-identifier every research response goes through (search results, metadata and objects alike), so a
/// study, a series, an object or a patient has one pseudonym in all of them: PS3.15 Annex E with the configured
/// options, UIDs replaced by <see cref="ResearchPseudonyms"/>, patients by the de-identifier's keyed pseudonym.
/// </summary>
public sealed class ResearchDeidentifier
{
    private static readonly string CharacterSetTag = DicomTags.SpecificCharacterSet.ToHexString();

    private readonly DicomDeidentifier? _deidentifier;
    private readonly ResearchPseudonyms? _pseudonyms;

    /// <exception cref="InvalidOperationException">A key is malformed or the options are inconsistent (naming the setting).</exception>
    public ResearchDeidentifier(IOptions<ResearchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        ProfileOptions = settings.ProfileOptions;
        if (!settings.IsConfigured)
        {
            return;
        }

        var pseudonymKey = Key(settings.PseudonymKey, nameof(ResearchOptions.PseudonymKey));
        _pseudonyms = new ResearchPseudonyms(pseudonymKey);
        try
        {
            _deidentifier = new DicomDeidentifier(new DicomDeidentifierOptions
            {
                ProfileOptions = settings.ProfileOptions,
                UidKey = pseudonymKey,
                DateShiftKey = string.IsNullOrWhiteSpace(settings.DateShiftKey) ? null : Key(settings.DateShiftKey, nameof(ResearchOptions.DateShiftKey)),
                ReplaceUid = _pseudonyms.Uid,
            });
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"{ResearchOptions.Section}: {exception.Message}", exception);
        }
    }

    /// <exception cref="ResearchNotConfiguredException">No pseudonym key is configured.</exception>
    public ResearchPseudonyms Pseudonyms => _pseudonyms ?? throw new ResearchNotConfiguredException();

    /// <summary>For research use cases to refuse at once, even when they would find nothing to de-identify.</summary>
    /// <exception cref="ResearchNotConfiguredException">No pseudonym key is configured.</exception>
    public void EnsureConfigured() => _ = Pseudonyms;

    public DeidentificationOptions ProfileOptions { get; }

    /// <summary>True when the profile leaves the attribute's value as it is, so matching on it discloses nothing the results would not.</summary>
    public bool KeepsUnchanged(DicomTag tag) => KeepsUnchanged(tag, ProfileOptions);

    /// <summary>True when the Basic Profile with <paramref name="profileOptions"/> leaves the attribute's value as it is.</summary>
    public static bool KeepsUnchanged(DicomTag tag, DeidentificationOptions profileOptions) =>
        (tag.Group & 1) == 0 && (DeidentificationProfile.Lookup(tag) is not { } rule || rule.ActionFor(profileOptions) == DeidentificationAction.Keep);

    /// <summary>A new, de-identified data set (the input is not changed; see <see cref="DicomDeidentifier.Deidentify"/>).</summary>
    public DicomDataset Deidentify(DicomDataset dataset) => (_deidentifier ?? throw new ResearchNotConfiguredException()).Deidentify(dataset).Dataset;

    /// <summary>
    /// A DICOM JSON object, de-identified. Values in JSON are Unicode, so the object is read as UTF-8 whatever its
    /// Specific Character Set says, which is then given back as it was. BulkDataURIs are left out (research has no bulk data route).
    /// </summary>
    public JsonObject Deidentify(JsonObject attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var input = attributes.DeepClone().AsObject();
        var characterSet = input[CharacterSetTag]?.DeepClone();
        input[CharacterSetTag] = new JsonObject { ["vr"] = "CS", ["Value"] = new JsonArray("ISO_IR 192") };
        var deidentified = Deidentify(DicomJsonSerializer.Deserialize(input.ToJsonString()));
        var output = JsonNode.Parse(DicomJsonSerializer.Serialize(deidentified))!.AsObject();
        output.Remove(CharacterSetTag);
        if (characterSet is not null)
        {
            output[CharacterSetTag] = characterSet;
        }

        return Sorted(output);
    }

    private static JsonObject Sorted(JsonObject json)
    {
        var sorted = new JsonObject();
        foreach (var (tag, element) in json.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            json.Remove(tag);
            sorted[tag] = element;
        }

        return sorted;
    }

    private static byte[] Key(string? base64, string setting)
    {
        try
        {
            var key = Convert.FromBase64String(base64 ?? string.Empty);
            return key.Length >= 32 ? key : throw new InvalidOperationException($"{ResearchOptions.Section}:{setting} must hold at least 256 bits (base64); `clinimg keys generate` makes one");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{ResearchOptions.Section}:{setting} is not base64");
        }
    }
}

/// <summary>No research pseudonym key is configured: research routes answer 503 rather than serve anything.</summary>
public sealed class ResearchNotConfiguredException()
    : Exception($"Research access is not configured on this server ({ResearchOptions.Section}:{nameof(ResearchOptions.PseudonymKey)})");
