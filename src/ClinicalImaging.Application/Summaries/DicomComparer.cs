using System.Globalization;
using System.Reflection;
using System.Text;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Summaries;

/// <summary>How two objects relate in the DICOM hierarchy; said without revealing the identifiers compared.</summary>
public sealed record ObjectRelation(bool SamePatient, bool SameStudy, bool SameSeries, bool SameInstance, bool SameFrameOfReference);

/// <param name="Attribute">Where the value sits in <see cref="DicomAnalysis"/> (e.g. <c>Image.SliceThicknessMm</c>).</param>
/// <param name="Label">The attribute in words (e.g. "slice thickness (mm)").</param>
public sealed record AttributeDifference(string Attribute, string Label, string? First, string? Second);

/// <param name="DaysBetween">Days from the first object's acquisition (or study date) to the second's; null without both dates.</param>
public sealed record DicomComparison(
    ObjectRelation Relation,
    double? DaysBetween,
    IReadOnlyList<AttributeDifference> Differences,
    string Summary,
    DicomAnalysis First,
    DicomAnalysis Second);

/// <summary>Compares two objects attribute by attribute over their analyses, and says what differs in a few sentences.</summary>
public static class DicomComparer
{
    private static readonly (PropertyInfo Section, PropertyInfo Value)[] Attributes =
        typeof(DicomAnalysis).GetProperties()
            .SelectMany(section => section.PropertyType.GetProperties().Select(value => (section, value)))
            .ToArray();

    public static DicomComparison Compare(DicomFile firstFile, DicomFile secondFile)
    {
        ArgumentNullException.ThrowIfNull(firstFile);
        ArgumentNullException.ThrowIfNull(secondFile);
        var (firstHeader, secondHeader) = (firstFile.Dataset, secondFile.Dataset);
        var first = DicomAnalyzer.Analyze(firstFile);
        var second = DicomAnalyzer.Analyze(secondFile);
        var relation = new ObjectRelation(
            Same(firstHeader, secondHeader, DicomTags.PatientID) && Same(firstHeader, secondHeader, DicomTags.IssuerOfPatientID),
            Same(firstHeader, secondHeader, DicomTags.StudyInstanceUID),
            Same(firstHeader, secondHeader, DicomTags.SeriesInstanceUID),
            Same(firstHeader, secondHeader, DicomTags.SOPInstanceUID),
            Same(firstHeader, secondHeader, DicomTags.FrameOfReferenceUID) && firstHeader.Contains(DicomTags.FrameOfReferenceUID));
        var differences = Differences(first, second);
        var days = WhenAcquired(second) - WhenAcquired(first) is { } gap ? Math.Round(gap.TotalDays, 2) : (double?)null;
        return new DicomComparison(relation, days, differences, Summarise(relation, days, differences, first, second), first, second);
    }

    private static bool Same(DicomDataset first, DicomDataset second, DicomTag tag) =>
        string.Equals(first.GetString(tag)?.Trim(), second.GetString(tag)?.Trim(), StringComparison.Ordinal);

    private static List<AttributeDifference> Differences(DicomAnalysis first, DicomAnalysis second)
    {
        var differences = new List<AttributeDifference>();
        foreach (var (section, value) in Attributes)
        {
            var a = Format(value.GetValue(section.GetValue(first)));
            var b = Format(value.GetValue(section.GetValue(second)));
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                differences.Add(new AttributeDifference($"{section.Name}.{value.Name}", Label(value.Name), a, b));
            }
        }

        return differences;
    }

    private static DateTimeOffset? WhenAcquired(DicomAnalysis analysis) =>
        analysis.Examination.AcquisitionDateTime
        ?? (analysis.Examination.StudyDate is { } date
            ? new DateTimeOffset(date.ToDateTime(analysis.Examination.StudyTime ?? TimeOnly.MinValue), TimeSpan.Zero)
            : null);

    private static string? Format(object? value) => value switch
    {
        null => null,
        double number => DicomVocabulary.Number(number),
        bool flag => flag ? "yes" : "no",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static readonly (string Suffix, string Unit)[] Units =
    [
        ("Mm", "mm"), ("Ms", "ms"), ("Kg", "kg"), ("Metres", "m"), ("Ma", "mA"), ("Mas", "mAs"), ("Bpm", "bpm"),
        ("Tesla", "T"), ("MHz", "MHz"), ("Degrees", "degrees"), ("Ml", "ml"),
    ];

    /// <summary>"SliceThicknessMm" → "slice thickness (mm)".</summary>
    private static string Label(string propertyName)
    {
        var (name, unit) = Units.Where(u => propertyName.EndsWith(u.Suffix, StringComparison.Ordinal) && propertyName.Length > u.Suffix.Length)
            .Select(u => (propertyName[..^u.Suffix.Length], u.Unit))
            .FirstOrDefault((propertyName, null!));
        var words = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var startsWord = i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                words.Append(' ');
            }

            // Acronyms (RR, SOP, UID) keep their case; other words are lower-cased.
            var inAcronym = char.IsUpper(name[i]) && ((i + 1 < name.Length && char.IsUpper(name[i + 1])) || (i > 0 && char.IsUpper(name[i - 1])));
            words.Append(inAcronym ? name[i] : char.ToLowerInvariant(name[i]));
        }

        return unit is null ? words.ToString() : $"{words} ({unit})";
    }

    private static string Summarise(ObjectRelation relation, double? days, List<AttributeDifference> differences, DicomAnalysis first, DicomAnalysis second)
    {
        var text = new StringBuilder();
        text.Append(relation switch
        {
            { SameInstance: true } => "Both files hold the same instance.",
            { SameSeries: true } => "Both objects belong to the same series of the same study.",
            { SameStudy: true } => "Both objects belong to the same study, in different series.",
            { SamePatient: true } => "Both objects belong to the same patient, in different studies.",
            _ => "The objects belong to different patients or the patient is not identified in both.",
        });
        if (relation is { SameStudy: true, SameSeries: false })
        {
            text.Append(relation.SameFrameOfReference ? " They share a frame of reference." : " They do not share a frame of reference.");
        }

        if (days is { } gap && gap != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" The second was acquired {DicomVocabulary.Number(Math.Abs(gap))} days {(gap > 0 ? "after" : "before")} the first.");
        }

        if (first.Object.Modality != second.Object.Modality)
        {
            text.Append(CultureInfo.InvariantCulture, $" Modalities differ: {first.Object.Modality ?? "none"} versus {second.Object.Modality ?? "none"}.");
        }

        if (differences.Count == 0)
        {
            text.Append(" No described attribute differs.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $" {differences.Count} described attribute{(differences.Count == 1 ? string.Empty : "s")} differ: ");
        text.AppendJoin("; ", differences.Select(d => $"{d.Label} {d.First ?? "absent"} versus {d.Second ?? "absent"}"));
        return text.Append('.').ToString();
    }
}
