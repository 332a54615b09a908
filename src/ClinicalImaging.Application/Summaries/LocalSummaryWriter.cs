using System.Globalization;
using System.Text;
using static ClinicalImaging.Application.Summaries.DicomVocabulary;

namespace ClinicalImaging.Application.Summaries;

/// <summary>
/// The deterministic, local clinical summary: a few plain sentences that state what the object is and how it was
/// acquired, built only from the analysis (so only from what the header says; nothing is inferred or invented).
/// The same analysis always gives the same text.
/// </summary>
public static class LocalSummaryWriter
{
    public static string Write(DicomAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var sentences = new List<string>
        {
            WhatItIs(analysis),
        };
        AddIfAny(sentences, WhenAndWhere(analysis.Examination, analysis.Equipment));
        AddIfAny(sentences, Descriptions(analysis.Examination));
        AddIfAny(sentences, Patient(analysis.Patient));
        if (analysis.Object.IsImage)
        {
            sentences.Add(Image(analysis.Image));
            AddIfAny(sentences, AcquisitionParameters(analysis.Acquisition));
            sentences.Add(Contrast(analysis.Contrast));
            sentences.Add(Gating(analysis.Cardiac));
        }

        return string.Join(' ', sentences);
    }

    private static void AddIfAny(List<string> sentences, string? sentence)
    {
        if (!string.IsNullOrEmpty(sentence))
        {
            sentences.Add(sentence);
        }
    }

    private static string WhatItIs(DicomAnalysis analysis)
    {
        var (kind, exam) = (analysis.Object, analysis.Examination);
        var text = new StringBuilder();
        text.Append(kind.Modality is null ? "DICOM" : $"{kind.Modality} ({kind.ModalityName})");
        text.Append(kind.IsImage ? (analysis.Image.Frames > 1 ? " multi-frame image" : " image") : " object without an image");
        if (exam.Anatomy is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" of the {exam.Anatomy}");
        }

        if (exam.Laterality is { } side && LateralityWords(side) is { } sideWords)
        {
            text.Append(CultureInfo.InvariantCulture, $", {sideWords} side");
        }

        if (exam.ViewPosition is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {exam.ViewPosition} view");
        }

        if (analysis.Image.Plane is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {analysis.Image.Plane} plane");
        }

        if (kind.SopClassName is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({kind.SopClassName})");
        }

        return text.Append('.').ToString();
    }

    private static string? LateralityWords(string laterality) => laterality.ToUpperInvariant() switch
    {
        "L" => "left",
        "R" => "right",
        "B" => "both",
        _ => null,
    };

    private static string? WhenAndWhere(Examination exam, EquipmentDescription equipment)
    {
        var parts = new List<string>();
        if (exam.StudyDate is { } date)
        {
            parts.Add(exam.StudyTime is { } time
                ? $"on {date:yyyy-MM-dd} at {time:HH\\:mm}"
                : $"on {date:yyyy-MM-dd}");
        }

        var device = string.Join(' ', new[] { equipment.Manufacturer, equipment.ModelName }.Where(s => s is not null));
        if (device.Length > 0)
        {
            parts.Add($"with a {device} scanner");
        }

        if (equipment.InstitutionName is not null)
        {
            parts.Add($"at {equipment.InstitutionName}");
        }

        return parts.Count == 0 ? null : $"Acquired {string.Join(' ', parts)}.";
    }

    private static string? Descriptions(Examination exam)
    {
        var parts = new List<string>();
        if (exam.StudyDescription is not null)
        {
            parts.Add($"study \"{exam.StudyDescription}\"");
        }

        if (exam.SeriesNumber is not null || exam.SeriesDescription is not null)
        {
            parts.Add($"series{(exam.SeriesNumber is { } n ? $" {n}" : string.Empty)}{(exam.SeriesDescription is { } d ? $" \"{d}\"" : string.Empty)}");
        }

        if (exam.InstanceNumber is { } instance)
        {
            parts.Add($"image {instance}");
        }

        if (exam.ProtocolName is not null)
        {
            parts.Add($"protocol \"{exam.ProtocolName}\"");
        }

        return parts.Count == 0 ? null : $"{Capitalised(string.Join(", ", parts))}.";
    }

    private static string? Patient(PatientDescription patient)
    {
        var parts = new List<string>();
        if (patient.Sex is not null)
        {
            parts.Add(patient.Sex);
        }

        if (patient.Age is not null)
        {
            parts.Add(patient.Age);
        }
        else if (patient.AgeYears is { } years)
        {
            parts.Add($"{years} years");
        }

        if (patient.WeightKg is > 0 and var weight)
        {
            parts.Add($"{Number(weight)} kg");
        }

        if (patient.SizeMetres is > 0 and var size)
        {
            parts.Add($"{Number(size)} m");
        }

        return parts.Count == 0 ? null : $"Patient: {string.Join(", ", parts)}.";
    }

    private static string Image(ImageGeometry image)
    {
        var text = new StringBuilder("Image: ");
        text.Append(CultureInfo.InvariantCulture, $"{image.Columns} × {image.Rows} pixels (columns × rows)");
        text.Append(CultureInfo.InvariantCulture, $", {image.Frames} frame{(image.Frames == 1 ? string.Empty : "s")}");
        if (image.BitsStored is { } stored)
        {
            text.Append(CultureInfo.InvariantCulture, $", {stored} bits stored");
        }

        if (image.PhotometricInterpretation is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", {image.PhotometricInterpretation}");
        }

        if (image is { PixelSpacingRowMm: { } row, PixelSpacingColumnMm: { } column })
        {
            text.Append(CultureInfo.InvariantCulture, $"; pixel spacing {Number(row)} × {Number(column)} mm");
            if (image is { FieldOfViewRowMm: { } height, FieldOfViewColumnMm: { } width })
            {
                text.Append(CultureInfo.InvariantCulture, $" (field of view {Number(width)} × {Number(height)} mm)");
            }
        }

        if (image.SliceThicknessMm is { } thickness)
        {
            text.Append(CultureInfo.InvariantCulture, $"; slice thickness {Number(thickness)} mm");
        }

        if (image.SpacingBetweenSlicesMm is { } between)
        {
            text.Append(CultureInfo.InvariantCulture, $"; spacing between slices {Number(between)} mm");
        }

        return text.Append('.').ToString();
    }

    private static string? AcquisitionParameters(Acquisition acquisition)
    {
        var parts = new List<string>();
        AddMeasure(parts, acquisition.MagneticFieldStrengthTesla, "{0} T field strength");
        AddMeasure(parts, acquisition.Kvp, "{0} kVp");
        AddMeasure(parts, acquisition.TubeCurrentMa, "{0} mA");
        AddMeasure(parts, acquisition.ExposureMas, "{0} mAs");
        AddMeasure(parts, acquisition.ExposureTimeMs, "exposure time {0} ms");
        AddMeasure(parts, acquisition.RepetitionTimeMs, "TR {0} ms");
        AddMeasure(parts, acquisition.EchoTimeMs, "TE {0} ms");
        AddMeasure(parts, acquisition.InversionTimeMs, "TI {0} ms");
        AddMeasure(parts, acquisition.FlipAngleDegrees, "flip angle {0}°");
        AddMeasure(parts, acquisition.TransducerFrequencyMHz, "transducer frequency {0} MHz");
        if (acquisition.ScanningSequence is not null)
        {
            parts.Add($"scanning sequence {acquisition.ScanningSequence}");
        }

        if (acquisition.SequenceName is not null)
        {
            parts.Add($"sequence {acquisition.SequenceName}");
        }

        if (acquisition.ConvolutionKernel is not null)
        {
            parts.Add($"reconstruction kernel {acquisition.ConvolutionKernel}");
        }

        return parts.Count == 0 ? null : $"Acquisition: {string.Join(", ", parts)}.";
    }

    private static void AddMeasure(List<string> parts, double? value, string format)
    {
        if (value is { } v)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, format, Number(v)));
        }
    }

    private static string Contrast(ContrastUse contrast)
    {
        if (!contrast.Used)
        {
            return "No contrast agent is recorded.";
        }

        var details = new List<string>();
        if (contrast.Route is not null)
        {
            details.Add($"route {contrast.Route.ToLowerInvariant()}");
        }

        if (contrast.VolumeMl is { } volume)
        {
            details.Add($"{Number(volume)} ml");
        }

        return $"Contrast: {contrast.Agent}{(details.Count == 0 ? string.Empty : $" ({string.Join(", ", details)})")}.";
    }

    private static string Gating(CardiacGatingDescription cardiac)
    {
        if (!cardiac.Gated)
        {
            return "No cardiac gating is recorded.";
        }

        var parts = new List<string>();
        if (cardiac.Technique is not null)
        {
            parts.Add($"{cardiac.Technique.ToLowerInvariant()} technique");
        }

        AddMeasure(parts, cardiac.TriggerTimeMs, "trigger time {0} ms");
        AddMeasure(parts, cardiac.HeartRateBpm, "heart rate {0} bpm");
        AddMeasure(parts, cardiac.NominalIntervalMs, "nominal R-R interval {0} ms");
        AddMeasure(parts, cardiac.CardiacNumberOfImages, "{0} images per cardiac cycle");
        if (cardiac is { LowRRValueMs: { } low, HighRRValueMs: { } high })
        {
            parts.Add($"accepted R-R {Number(low)}-{Number(high)} ms");
        }

        return $"Cardiac gating: {(parts.Count == 0 ? "yes" : string.Join(", ", parts))}.";
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
