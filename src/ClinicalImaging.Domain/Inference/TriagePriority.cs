namespace ClinicalImaging.Domain.Inference;

/// <summary>
/// How soon a radiologist should read a study. The numeric values are stored and ordered: a higher value is more
/// urgent, so "the highest priority" is the maximum and a worklist sorts by the value descending.
/// </summary>
public enum TriagePriority
{
    /// <summary>Nothing above threshold: the model saw no finding.</summary>
    Normal = 0,

    /// <summary>A finding that can wait for the ordinary reading queue.</summary>
    Routine = 1,

    /// <summary>Read soon (hours).</summary>
    Urgent = 2,

    /// <summary>Read now; a critical result is communicated to the referring clinician.</summary>
    Critical = 3,
}

/// <summary>The lower-case names used in configuration, URLs and JSON.</summary>
public static class TriagePriorityNames
{
    public static string ToName(this TriagePriority priority) => priority switch
    {
        TriagePriority.Normal => "normal",
        TriagePriority.Routine => "routine",
        TriagePriority.Urgent => "urgent",
        TriagePriority.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Not a triage priority"),
    };

    public static bool TryParse(string? name, out TriagePriority priority)
    {
        foreach (var candidate in Enum.GetValues<TriagePriority>())
        {
            if (string.Equals(candidate.ToName(), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                priority = candidate;
                return true;
            }
        }

        priority = default;
        return false;
    }

    public static TriagePriority Max(TriagePriority left, TriagePriority right) => left >= right ? left : right;
}
