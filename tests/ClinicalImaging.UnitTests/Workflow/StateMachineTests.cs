using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Orders;
using ClinicalImaging.Domain.Reports;
using ClinicalImaging.Domain.Reviews;
using Xunit;

namespace ClinicalImaging.UnitTests.Workflow;

/// <summary>Each workflow state machine, walked whole: exactly the listed moves are legal, every other one is refused.</summary>
public sealed class StateMachineTests
{
    [Fact]
    public void Orders_move_only_scheduled_to_in_progress_to_completed_to_reported()
    {
        AssertExactly(ImagingOrder.Transitions,
            (OrderStatus.Scheduled, OrderStatus.InProgress),
            (OrderStatus.InProgress, OrderStatus.Completed),
            (OrderStatus.Completed, OrderStatus.Reported));
    }

    [Fact]
    public void Reviews_are_claimed_released_and_decided_and_a_final_review_never_moves()
    {
        AssertExactly(Review.Transitions,
            (ReviewStatus.Pending, ReviewStatus.InReview),
            (ReviewStatus.InReview, ReviewStatus.Pending),
            (ReviewStatus.Pending, ReviewStatus.Final),
            (ReviewStatus.InReview, ReviewStatus.Final));
    }

    [Fact]
    public void Reports_are_edited_as_drafts_signed_once_and_only_superseded_afterwards()
    {
        AssertExactly(RadiologyReport.Transitions,
            (ReportStatus.Draft, ReportStatus.Draft),
            (ReportStatus.Draft, ReportStatus.Signed),
            (ReportStatus.Signed, ReportStatus.Superseded));
    }

    [Fact]
    public void Critical_finding_notifications_are_acknowledged_once()
    {
        AssertExactly(CriticalFindingNotification.Transitions, (NotificationStatus.Open, NotificationStatus.Acknowledged));
    }

    [Fact]
    public void A_refused_move_names_the_aggregate_its_state_the_action_and_the_target_state()
    {
        var error = Assert.Throws<StateTransitionException>(() => ImagingOrder.Transitions.Ensure(Guid.Empty, OrderStatus.Reported, OrderStatus.Scheduled, "rescheduling"));

        Assert.Equal($"Imaging order {Guid.Empty} is Reported: rescheduling (to Scheduled) is not allowed", error.Message);
        Assert.Equal(("Imaging order", "Reported", "Scheduled", "rescheduling"), (error.Aggregate, error.From, error.To, error.Action));
    }

    private static void AssertExactly<TState>(TransitionTable<TState> table, params (TState From, TState To)[] legal)
        where TState : struct, Enum
    {
        foreach (var from in Enum.GetValues<TState>())
        {
            foreach (var to in Enum.GetValues<TState>())
            {
                var expected = legal.Contains((from, to));
                Assert.True(expected == table.Allows(from, to), $"{from} → {to} should be {(expected ? "allowed" : "refused")}");
                if (!expected)
                {
                    var error = Assert.Throws<StateTransitionException>(() => table.Ensure(Guid.NewGuid(), from, to, "moving"));
                    Assert.Contains($" is {from}: moving (to {to}) is not allowed", error.Message, StringComparison.Ordinal);
                }
            }
        }
    }
}
