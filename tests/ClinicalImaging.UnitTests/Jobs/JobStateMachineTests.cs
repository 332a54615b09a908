using ClinicalImaging.Domain.Common;
using ClinicalImaging.Domain.Jobs;
using Xunit;

namespace ClinicalImaging.UnitTests.Jobs;

public sealed class JobStateMachineTests
{
    public static TheoryData<JobStatus, JobEvent, JobStatus> Allowed => new()
    {
        { JobStatus.Queued, JobEvent.Claim, JobStatus.Running },
        { JobStatus.Failed, JobEvent.Claim, JobStatus.Running },
        { JobStatus.Running, JobEvent.Claim, JobStatus.Running },
        { JobStatus.Running, JobEvent.Succeed, JobStatus.Succeeded },
        { JobStatus.Running, JobEvent.Retry, JobStatus.Failed },
        { JobStatus.Running, JobEvent.Die, JobStatus.Dead },
        { JobStatus.Dead, JobEvent.Requeue, JobStatus.Queued },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_transitions_lead_to_the_documented_status(JobStatus from, JobEvent jobEvent, JobStatus to) =>
        Assert.Equal(to, JobStateMachine.EnsureAllowed(Guid.NewGuid(), from, jobEvent));

    [Fact]
    public void Every_other_transition_is_rejected_with_an_error_naming_the_job_its_status_and_what_is_allowed()
    {
        var allowed = Allowed.Select(row => ((JobStatus)row[0], (JobEvent)row[1])).ToHashSet();
        var rejected = 0;
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            foreach (var jobEvent in Enum.GetValues<JobEvent>().Where(e => !allowed.Contains((status, e))))
            {
                var jobId = Guid.NewGuid();
                var error = Assert.Throws<InvalidJobTransitionException>(() => JobStateMachine.EnsureAllowed(jobId, status, jobEvent));

                Assert.IsAssignableFrom<DomainException>(error);
                Assert.StartsWith($"Job {jobId} is {status.ToName()}; it cannot ", error.Message, StringComparison.Ordinal);
                Assert.Equal((status, jobEvent), (error.Status, error.Attempted));
                rejected++;
            }
        }

        Assert.Equal((5 * 5) - 7, rejected);
    }

    [Fact]
    public void A_succeeded_job_is_final()
    {
        var error = Assert.Throws<InvalidJobTransitionException>(() => JobStateMachine.EnsureAllowed(Guid.Empty, JobStatus.Succeeded, JobEvent.Succeed));

        Assert.EndsWith("it cannot succeed (allowed: nothing, the status is final)", error.Message, StringComparison.Ordinal);
        Assert.Empty(JobStateMachine.AllowedFrom(JobStatus.Succeeded));
    }

    [Fact]
    public void A_queued_job_can_only_be_claimed()
    {
        var error = Assert.Throws<InvalidJobTransitionException>(() => JobStateMachine.EnsureAllowed(Guid.Empty, JobStatus.Queued, JobEvent.Succeed));

        Assert.EndsWith("it cannot succeed (allowed: be claimed)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobStatus.Queued, "queued")]
    [InlineData(JobStatus.Running, "running")]
    [InlineData(JobStatus.Succeeded, "succeeded")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Dead, "dead")]
    public void Status_names_round_trip_as_stored(JobStatus status, string name)
    {
        Assert.Equal(name, status.ToName());
        Assert.Equal(status, JobStatusNames.Parse(name));
    }
}
