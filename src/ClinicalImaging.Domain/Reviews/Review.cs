using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Reviews;

/// <summary>Where a radiologist's review of one AI result stands.</summary>
public enum ReviewStatus
{
    /// <summary>On the worklist, nobody working on it.</summary>
    Pending,

    /// <summary>Claimed by one radiologist, who alone may decide or release it.</summary>
    InReview,

    /// <summary>Decided; the decision no longer changes.</summary>
    Final,
}

/// <summary>The radiologist's verdict on the AI result.</summary>
public enum ReviewDecision
{
    /// <summary>The AI result is right as it stands.</summary>
    Agree,

    /// <summary>The AI result is wrong; the corrected labels (possibly none) say what is there.</summary>
    Disagree,

    /// <summary>Partly right: the corrected labels and regions replace the AI's.</summary>
    Modify,
}

/// <summary>A rectangle in image pixel coordinates (column, row of the top-left corner; width and height in pixels).</summary>
public sealed record CorrectedRegion(double X, double Y, double Width, double Height, string? Label)
{
    public void Validate()
    {
        if (!double.IsFinite(X) || !double.IsFinite(Y) || X < 0 || Y < 0 || !(Width > 0) || !(Height > 0) || !double.IsFinite(Width) || !double.IsFinite(Height))
        {
            throw new DomainException($"region ({X}, {Y}, {Width}×{Height}) must lie at non-negative coordinates with a positive width and height");
        }
    }
}

/// <summary>What the radiologist decided, with the corrections that replace the AI's labels and regions.</summary>
public sealed record ReviewVerdict(
    ReviewDecision Decision,
    IReadOnlyList<string> CorrectedLabels,
    IReadOnlyList<CorrectedRegion> CorrectedRegions,
    string? Comments);

/// <summary>
/// A radiologist's review of one AI inference result, under a state machine (Pending → InReview → Final, with release
/// back to Pending). One radiologist at a time: a claim is exclusive, and every change states the version it read.
/// </summary>
public sealed class Review : VersionedEntity
{
    public static readonly TransitionTable<ReviewStatus> Transitions = new(
        "Review",
        (ReviewStatus.Pending, ReviewStatus.InReview),
        (ReviewStatus.InReview, ReviewStatus.Pending),
        (ReviewStatus.Pending, ReviewStatus.Final),
        (ReviewStatus.InReview, ReviewStatus.Final));

    private Review(Guid inferenceResultId) => InferenceResultId = inferenceResultId;

    public Guid InferenceResultId { get; private set; }

    public ReviewStatus Status { get; private set; }

    /// <summary>The radiologist (actor id) who claimed it; null while pending.</summary>
    public string? AssigneeId { get; private set; }

    public DateTimeOffset? ClaimedAt { get; private set; }

    public ReviewVerdict? Verdict { get; private set; }

    public string? ReviewedBy { get; private set; }

    public DateTimeOffset? ReviewedAt { get; private set; }

    public static Review Open(Guid inferenceResultId) => new(inferenceResultId);

    public void Claim(string radiologistId, DateTimeOffset at)
    {
        if (Status == ReviewStatus.InReview && AssigneeId == radiologistId)
        {
            return;
        }

        Transitions.Ensure(Id, Status, ReviewStatus.InReview, "claiming", ClaimHint());
        AssigneeId = radiologistId;
        ClaimedAt = at;
        Status = ReviewStatus.InReview;
        Changed();
    }

    public void Release(string radiologistId)
    {
        EnsureNotClaimedByAnother(radiologistId, "releasing");
        Transitions.Ensure(Id, Status, ReviewStatus.Pending, "releasing");
        AssigneeId = null;
        ClaimedAt = null;
        Status = ReviewStatus.Pending;
        Changed();
    }

    /// <summary>Decides the review. A pending review is claimed and decided in one step.</summary>
    public void Decide(string radiologistId, ReviewVerdict verdict, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        EnsureNotClaimedByAnother(radiologistId, "deciding");
        Transitions.Ensure(Id, Status, ReviewStatus.Final, "deciding", Status == ReviewStatus.Final ? $"it was decided by {ReviewedBy}" : null);
        Validate(verdict);
        AssigneeId = radiologistId;
        ClaimedAt ??= at;
        Verdict = verdict;
        ReviewedBy = radiologistId;
        ReviewedAt = at;
        Status = ReviewStatus.Final;
        Changed();
    }

    private void EnsureNotClaimedByAnother(string radiologistId, string action)
    {
        if (Status == ReviewStatus.InReview && AssigneeId != radiologistId)
        {
            throw new StateTransitionException("Review", Id, Status.ToString(), action, null, $"it is claimed by {AssigneeId}");
        }
    }

    private string? ClaimHint() => Status switch
    {
        ReviewStatus.InReview => $"it is claimed by {AssigneeId}",
        ReviewStatus.Final => $"it was decided by {ReviewedBy}",
        _ => null,
    };

    private static void Validate(ReviewVerdict verdict)
    {
        foreach (var region in verdict.CorrectedRegions)
        {
            region.Validate();
        }

        if (verdict.Decision == ReviewDecision.Agree && (verdict.CorrectedLabels.Count > 0 || verdict.CorrectedRegions.Count > 0))
        {
            throw new DomainException("an 'agree' decision carries no corrected labels or regions; use 'modify' to correct the result");
        }

        if (verdict.Decision == ReviewDecision.Modify && verdict.CorrectedLabels.Count == 0 && verdict.CorrectedRegions.Count == 0)
        {
            throw new DomainException("a 'modify' decision needs the corrected labels or regions");
        }
    }
}
