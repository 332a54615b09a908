using System.Collections.Immutable;
using ClinicalImaging.Dicom;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>An attribute without which an object cannot be filed in the archive.</summary>
/// <param name="MayBeEmpty">
/// Type 2 (PS3.5 7.4.3): the attribute must be present but its value may be empty ("unknown"). Only Patient ID is:
/// such objects are filed under an unidentified patient of their own (docs/decisions/0808).
/// </param>
public sealed record RequiredAttribute(DicomTag Tag, string Keyword, bool IsUid, int MaxLength = DicomUid.MaxLength, bool MayBeEmpty = false)
{
    /// <summary>How a person reads it in a message: "StudyInstanceUID (0020,000D)".</summary>
    public string DisplayName => $"{Keyword} {Tag}";
}

/// <summary>The archive's one set of required attributes, checked on every incoming object before it is committed.</summary>
public static class RequiredAttributes
{
    public static readonly ImmutableArray<RequiredAttribute> All =
    [
        new(DicomTags.SOPClassUID, "SOPClassUID", IsUid: true),
        new(DicomTags.SOPInstanceUID, "SOPInstanceUID", IsUid: true),
        new(DicomTags.StudyInstanceUID, "StudyInstanceUID", IsUid: true),
        new(DicomTags.SeriesInstanceUID, "SeriesInstanceUID", IsUid: true),
        new(DicomTags.PatientID, "PatientID", IsUid: false, Patient.MaxPatientIdLength, MayBeEmpty: true),
    ];

    /// <summary>What is wrong with the data set's required attributes, one sentence each; empty when all are present and well formed.</summary>
    public static IReadOnlyList<string> FindProblems(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<string>();
        foreach (var attribute in All)
        {
            var value = dataset.GetString(attribute.Tag);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (!attribute.MayBeEmpty)
                {
                    problems.Add($"{attribute.DisplayName} is missing or empty");
                }
                else if (!dataset.Contains(attribute.Tag))
                {
                    problems.Add($"{attribute.DisplayName} is missing; it is Type 2: send it empty when the value is unknown");
                }
            }
            else if (attribute.IsUid && !DicomUid.TryParse(value, out _, out var problem))
            {
                problems.Add($"{attribute.DisplayName} {problem}");
            }
            else if (value.Length > attribute.MaxLength)
            {
                problems.Add($"{attribute.DisplayName} is longer than {attribute.MaxLength} characters");
            }
        }

        return problems;
    }
}
