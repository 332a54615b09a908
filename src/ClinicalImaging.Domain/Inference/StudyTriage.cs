using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Inference;

/// <summary>
/// A study's place in the reading queue: the highest priority of its inference results, unless a person overrode it
/// with a reason. <see cref="Priority"/> is the one to sort by.
/// </summary>
public sealed class StudyTriage : Entity
{
    public const int MaxReasonLength = 512;
    public const int MaxActorLength = 128;

    private StudyTriage(Guid studyKey) => StudyKey = studyKey;

    public Guid StudyKey { get; private set; }

    /// <summary>The highest priority of the study's results.</summary>
    public TriagePriority ComputedPriority { get; private set; }

    /// <summary>True when any of the study's results needs review.</summary>
    public bool NeedsReview { get; private set; }

    public TriagePriority? OverridePriority { get; private set; }

    public string? OverrideReason { get; private set; }

    /// <summary>The user id of whoever overrode the priority (never a name).</summary>
    public string? OverriddenBy { get; private set; }

    public DateTimeOffset? OverriddenAt { get; private set; }

    /// <summary>The effective priority: the override when there is one, else the computed one.</summary>
    public TriagePriority Priority { get; private set; }

    public static StudyTriage Create(Guid studyKey) => new(studyKey);

    /// <summary>Sets what the results say; an override stays in force.</summary>
    public void UpdateComputed(TriagePriority highestResultPriority, bool anyResultNeedsReview)
    {
        ComputedPriority = highestResultPriority;
        NeedsReview = anyResultNeedsReview;
        Priority = OverridePriority ?? ComputedPriority;
    }

    public void Override(TriagePriority priority, string reason, string actorId, DateTimeOffset at)
    {
        Require.Text(reason, "The reason for a priority override", MaxReasonLength);
        Require.Text(actorId, "The user overriding a priority", MaxActorLength);
        if (!Enum.IsDefined(priority))
        {
            throw new DomainException($"{priority} is not a triage priority");
        }

        OverridePriority = priority;
        OverrideReason = reason.Trim();
        OverriddenBy = actorId;
        OverriddenAt = at;
        Priority = priority;
    }
}
