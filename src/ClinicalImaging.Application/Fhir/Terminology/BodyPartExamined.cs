using System.Collections.Frozen;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir.Terminology;

/// <summary>
/// Body Part Examined (0018,0015) defined terms and their SNOMED CT codes: DICOM PS3.16 Annex L, Table L-1
/// ("Correspondence of Anatomic Region Codes and Body Part Examined Defined Terms"), read from the embedded
/// body-part-examined-sct.tsv. How that file was produced: docs/decisions/1202.
/// </summary>
public static class BodyPartExamined
{
    private static readonly Lazy<FrozenDictionary<string, Coding>> Table = new(Load);

    /// <summary>Every defined term with its code.</summary>
    public static IReadOnlyDictionary<string, Coding> All => Table.Value;

    /// <summary>The SNOMED CT coding of a Body Part Examined value (case and padding ignored), or null for a term Annex L does not define.</summary>
    public static Coding? ToSnomedCt(string? bodyPartExamined) =>
        string.IsNullOrWhiteSpace(bodyPartExamined) ? null : Table.Value.GetValueOrDefault(bodyPartExamined.Trim().ToUpperInvariant());

    private static FrozenDictionary<string, Coding> Load()
    {
        using var stream = typeof(BodyPartExamined).Assembly.GetManifestResourceStream("body-part-examined-sct.tsv")
            ?? throw new InvalidOperationException("the embedded body-part-examined-sct.tsv is missing");
        using var reader = new StreamReader(stream);
        var rows = new Dictionary<string, Coding>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split('\t');
            if (fields.Length != 3)
            {
                throw new InvalidOperationException($"body-part-examined-sct.tsv: '{line}' does not have 3 fields");
            }

            rows.Add(fields[0], new Coding(FhirCodeSystems.SnomedCt, fields[1], fields[2]));
        }

        return rows.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
