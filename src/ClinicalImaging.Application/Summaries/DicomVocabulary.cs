using System.Collections.Frozen;
using System.Globalization;

namespace ClinicalImaging.Application.Summaries;

/// <summary>
/// DICOM codes put into words for people. The modality words are plain-English descriptions of the Modality defined
/// terms (PS3.3 C.7.3.1.1.1); an unknown code is shown as it is, never guessed.
/// </summary>
public static class DicomVocabulary
{
    private static readonly FrozenDictionary<string, string> Modalities = new Dictionary<string, string>
    {
        ["CT"] = "computed tomography",
        ["MR"] = "magnetic resonance",
        ["CR"] = "computed radiography",
        ["DX"] = "digital radiography",
        ["XA"] = "X-ray angiography",
        ["RF"] = "radiofluoroscopy",
        ["MG"] = "mammography",
        ["US"] = "ultrasound",
        ["NM"] = "nuclear medicine",
        ["PT"] = "positron emission tomography",
        ["IO"] = "intra-oral radiography",
        ["PX"] = "panoramic X-ray",
        ["OT"] = "other modality",
        ["SR"] = "structured report",
        ["SEG"] = "segmentation",
        ["PR"] = "presentation state",
        ["KO"] = "key object selection",
        ["DOC"] = "document",
        ["ECG"] = "electrocardiography",
        ["HD"] = "hemodynamic waveform",
        ["ES"] = "endoscopy",
        ["XC"] = "external-camera photography",
        ["OP"] = "ophthalmic photography",
        ["OPT"] = "ophthalmic tomography",
        ["SM"] = "slide microscopy",
        ["BMD"] = "bone densitometry",
        ["IVUS"] = "intravascular ultrasound",
        ["IVOCT"] = "intravascular optical coherence tomography",
        ["RTIMAGE"] = "radiotherapy image",
        ["RTDOSE"] = "radiotherapy dose",
        ["RTSTRUCT"] = "radiotherapy structure set",
        ["RTPLAN"] = "radiotherapy plan",
        ["REG"] = "registration",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static string? ModalityName(string? modality) =>
        modality is null ? null : Modalities.TryGetValue(modality, out var name) ? name : modality;

    /// <summary>Body Part Examined (e.g. "CHEST", "ABDOMEN_PELVIS") in lower-case words ("chest", "abdomen pelvis").</summary>
    public static string? Anatomy(string? bodyPartExamined) =>
        string.IsNullOrWhiteSpace(bodyPartExamined) ? null : bodyPartExamined.Trim().Replace('_', ' ').ToLowerInvariant();

    public static string? Sex(string? patientSex) => patientSex?.ToUpperInvariant() switch
    {
        "F" => "female",
        "M" => "male",
        "O" => "other",
        _ => null,
    };

    /// <summary>Patient's Age (nnnD/W/M/Y) in words, and in whole years when it can be.</summary>
    public static (string? Words, int? Years) Age(string? patientAge)
    {
        if (patientAge is not { Length: 4 } || !int.TryParse(patientAge.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return (null, null);
        }

        var (unit, years) = char.ToUpperInvariant(patientAge[3]) switch
        {
            'Y' => ("year", count),
            'M' => ("month", count / 12),
            'W' => ("week", count / 52),
            'D' => ("day", count / 365),
            _ => (null, 0),
        };
        return unit is null ? (null, null) : ($"{count} {unit}{(count == 1 ? string.Empty : "s")}", years);
    }

    /// <summary>
    /// The anatomical plane an image lies in, from Image Orientation (Patient): the axis the image's normal is
    /// closest to, or oblique when it is more than about 35 degrees from every axis.
    /// </summary>
    public static string? Plane(double[]? orientation)
    {
        if (orientation is not { Length: 6 })
        {
            return null;
        }

        var (rx, ry, rz, cx, cy, cz) = (orientation[0], orientation[1], orientation[2], orientation[3], orientation[4], orientation[5]);
        var normal = (X: Math.Abs((ry * cz) - (rz * cy)), Y: Math.Abs((rz * cx) - (rx * cz)), Z: Math.Abs((rx * cy) - (ry * cx)));
        var length = Math.Sqrt((normal.X * normal.X) + (normal.Y * normal.Y) + (normal.Z * normal.Z));
        if (length < 1e-6)
        {
            return null;
        }

        const double AlignedCosine = 0.8;
        return (normal.X / length, normal.Y / length, normal.Z / length) switch
        {
            var (x, _, _) when x >= AlignedCosine => "sagittal",
            var (_, y, _) when y >= AlignedCosine => "coronal",
            var (_, _, z) when z >= AlignedCosine => "axial",
            _ => "oblique",
        };
    }

    /// <summary>A measurement for prose: at most two decimals, invariant culture, no trailing zeros.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
