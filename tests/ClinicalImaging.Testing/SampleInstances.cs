using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Testing;

/// <summary>Realistic instance metadata for tests, as ingest extracts it from a CT or radiograph header.</summary>
public static class SampleInstances
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>A fresh UID under the UUID-derived root 2.25 (PS3.5 B.2), unique per call.</summary>
    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);

    public static InstanceMetadata CtSlice(
        string studyUid,
        string seriesUid,
        string sopInstanceUid,
        int instanceNumber,
        string patientId = "PID-0001",
        string bodyPart = "CHEST",
        string? contrast = "Iohexol 350",
        string content = "")
    {
        var header = new Dictionary<string, object>
        {
            ["00080016"] = Value("UI", CtImageStorage),
            ["00080018"] = Value("UI", sopInstanceUid),
            ["00080060"] = Value("CS", "CT"),
            ["00080070"] = Value("LO", "ACME Medical"),
            ["00100010"] = new { vr = "PN", Value = new[] { new { Alphabetic = "Testpatient^Alice" } } },
            ["00100020"] = Value("LO", patientId),
            ["00180015"] = Value("CS", bodyPart),
            ["00180050"] = new { vr = "DS", Value = new[] { 1.25 } },
            ["00200013"] = new { vr = "IS", Value = new[] { instanceNumber } },
            ["0020000D"] = Value("UI", studyUid),
            ["0020000E"] = Value("UI", seriesUid),
        };
        var headerJson = JsonSerializer.Serialize(header);
        var bytes = Encoding.UTF8.GetBytes(headerJson + content);
        return new InstanceMetadata(
            new PatientIdentity(patientId, "HOSPITAL-A", "Testpatient^Alice", new DateOnly(1961, 4, 12), "F"),
            studyUid,
            new StudyDetails(new DateOnly(2026, 11, 2), new TimeOnly(8, 15, 30), "CT CHEST WITH CONTRAST", "ACC-778812", "Referrer^Bob", "S-1"),
            new PatientCharacteristics("065Y", 71.5, 1.68),
            seriesUid,
            new SeriesDetails(2, "Axial 1.25mm", "CT", bodyPart, null, "HFS", "Chest routine", new DateOnly(2026, 11, 2), new TimeOnly(8, 16)),
            new Equipment("ACME Medical", "Helix 128", "VA40", "CT01", "General Hospital"),
            sopInstanceUid,
            CtImageStorage,
            ExplicitVrLittleEndian,
            instanceNumber,
            new ImagePixelInfo(512, 512, 16, 12, 1, "MONOCHROME2"),
            new AcquisitionParameters(1.25, 0.7, 0.7, 1.25, contrast, 120, 500, null, null, 360),
            new CardiacGating(null, 62, 968, null),
            new StoredObject($"objects/{sopInstanceUid}", bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))),
            headerJson);
    }

    private static object Value(string vr, string value) => new { vr, Value = new[] { value } };
}
