using System.Globalization;
using System.Text.Json.Nodes;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.DicomWeb;

/// <summary>
/// Stored headers are kept without the patient's direct identifiers (the patient row holds them encrypted): this puts
/// the ones the row keeps (Patient's Name, Patient ID, Patient's Birth Date) back into a header, decrypted, for callers
/// allowed to read patient data and for the research de-identifier (which needs them to find and replace them).
/// The row's Issuer of Patient ID and Patient's Sex replace the header's too: the patient row is the archive's truth,
/// which after a reconciliation (decision 0811) differs from what the objects carried. The others of
/// <see cref="Common.Security.DirectIdentifiers"/> are not kept anywhere but in the original object.
/// </summary>
public static class StoredHeaderIdentifiers
{
    private static readonly string PatientNameTag = DicomTags.PatientName.ToHexString();
    private static readonly string PatientIdTag = DicomTags.PatientID.ToHexString();
    private static readonly string BirthDateTag = DicomTags.PatientBirthDate.ToHexString();
    private static readonly string IssuerTag = DicomTags.IssuerOfPatientID.ToHexString();
    private static readonly string SexTag = DicomTags.PatientSex.ToHexString();

    /// <summary>The header (DICOM JSON object) with the patient's identifiers, attributes in tag order as PS3.18 F.2 writes them.</summary>
    public static JsonObject Restore(string headerJson, PatientView patient)
    {
        ArgumentNullException.ThrowIfNull(headerJson);
        ArgumentNullException.ThrowIfNull(patient);
        var header = JsonNode.Parse(headerJson)?.AsObject() ?? throw new ArgumentException("the stored header is not a JSON object", nameof(headerJson));
        var attributes = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (tag, element) in header)
        {
            attributes[tag] = element?.DeepClone();
        }

        // The row cannot tell an empty name or birth date from an absent one: both are left out.
        attributes[PatientIdTag] = Element("LO", patient.PatientId);
        if (patient.PatientName is { Length: > 0 } name)
        {
            attributes[PatientNameTag] = PersonName(name);
        }

        if (patient.BirthDate is { } date)
        {
            attributes[BirthDateTag] = Element("DA", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        // An empty issuer on the row means none: a header that named one keeps the attribute, empty.
        if (patient.IssuerOfPatientId.Length > 0)
        {
            attributes[IssuerTag] = Element("LO", patient.IssuerOfPatientId);
        }
        else if (attributes.ContainsKey(IssuerTag))
        {
            attributes[IssuerTag] = new JsonObject { ["vr"] = "LO" };
        }

        if (patient.Sex is { Length: > 0 } sex)
        {
            attributes[SexTag] = Element("CS", sex);
        }

        var restored = new JsonObject();
        foreach (var (tag, element) in attributes)
        {
            restored[tag] = element;
        }

        return restored;
    }

    private static JsonObject Element(string vr, string value) => new() { ["vr"] = vr, ["Value"] = new JsonArray(value) };

    /// <summary>PS3.18 F.2.2: the component groups of a PN value as named properties, the empty ones left out.</summary>
    private static JsonObject PersonName(string value)
    {
        var parsed = DicomPersonName.Parse(value);
        var name = new JsonObject();
        foreach (var (group, text) in new[] { ("Alphabetic", parsed.Alphabetic), ("Ideographic", parsed.Ideographic), ("Phonetic", parsed.Phonetic) })
        {
            if (text.Length > 0)
            {
                name[group] = text;
            }
        }

        return new JsonObject { ["vr"] = "PN", ["Value"] = new JsonArray(name) };
    }
}
