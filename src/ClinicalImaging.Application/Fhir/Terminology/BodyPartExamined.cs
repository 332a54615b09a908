using System.Collections.Frozen;
using ClinicalImaging.Application.Fhir.Resources;

namespace ClinicalImaging.Application.Fhir.Terminology;

/// <summary>
/// Body Part Examined (0018,0015) defined terms and their SNOMED CT codes: DICOM PS3.16 Annex L, Table L-1
/// ("Correspondence of Anatomic Region Codes and Body Part Examined Defined Terms"). The rows are generated
/// (BodyPartExamined.g.cs) from tools/ClinicalImaging.Dicom.Generator/Data/body-part-examined-sct.tsv; where that
/// data comes from: docs/decisions/1202.
/// </summary>
public static partial class BodyPartExamined
{
    private static readonly Lazy<FrozenDictionary<string, Coding>> Table = new(() =>
        Rows.ToFrozenDictionary(r => r.Term, r => new Coding(FhirCodeSystems.SnomedCt, r.Code, r.Meaning), StringComparer.Ordinal));

    /// <summary>Every defined term with its code.</summary>
    public static IReadOnlyDictionary<string, Coding> All => Table.Value;

    /// <summary>The SNOMED CT coding of a Body Part Examined value (case and padding ignored), or null for a term Annex L does not define.</summary>
    public static Coding? ToSnomedCt(string? bodyPartExamined) =>
        string.IsNullOrWhiteSpace(bodyPartExamined) ? null : Table.Value.GetValueOrDefault(bodyPartExamined.Trim().ToUpperInvariant());
}
