using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Inference;
using Xunit;

namespace ClinicalImaging.UnitTests.Triage;

public sealed class StudyTriageTests
{
    [Fact]
    public void A_study_priority_override_needs_a_reason_and_wins_over_computed_priorities()
    {
        var triage = StudyTriage.Create(Guid.NewGuid());
        triage.UpdateComputed(TriagePriority.Urgent, anyResultNeedsReview: false);

        Assert.Throws<DomainException>(() => triage.Override(TriagePriority.Routine, " ", "user-1", DateTimeOffset.UnixEpoch));
        triage.Override(TriagePriority.Routine, "Known chronic finding, compared with prior", "user-1", DateTimeOffset.UnixEpoch);
        triage.UpdateComputed(TriagePriority.Critical, anyResultNeedsReview: true);

        Assert.Equal(TriagePriority.Routine, triage.Priority);
        Assert.Equal(TriagePriority.Critical, triage.ComputedPriority);
    }
}
