using System.Collections.Frozen;
using ClinicalImaging.Application.Fhir.Mapping;

namespace ClinicalImaging.Application.Fhir.Terminology;

/// <summary>
/// SNOMED CT codes of the AI finding labels our models use, for DiagnosticReport.conclusionCode and the findings'
/// Observation.code. Labels without an unambiguous concept (nodule, normal…) stay text only. Each code was checked
/// against several independent public code lists (60046008 Pleural effusion also in IHE's imaging diagnostic report
/// examples); the models' manifests carry no codes yet (decision 1205).
/// </summary>
public static class AiFindingCodes
{
    private static readonly FrozenDictionary<string, DicomCode> Codes = new Dictionary<string, DicomCode>(StringComparer.OrdinalIgnoreCase)
    {
        ["pneumothorax"] = new("36118008", "SCT", "Pneumothorax"),
        ["pleural_effusion"] = new("60046008", "SCT", "Pleural effusion"),
        ["hemorrhage"] = new("50960005", "SCT", "Hemorrhage"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static CodedLabel Of(string label) => new(label, Codes.GetValueOrDefault(label));
}
