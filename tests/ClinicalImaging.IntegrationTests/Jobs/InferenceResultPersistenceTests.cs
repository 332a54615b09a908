using ClinicalImaging.Application.Analysis;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence;
using ClinicalImaging.IntegrationTests.Security;
using ClinicalImaging.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Jobs;

public sealed class InferenceResultPersistenceTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private readonly UseCaseHost _host = new(database.ConnectionString);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_result_with_its_findings_reads_back_as_it_was_stored()
    {
        var registration = await RegisterInstanceAsync();
        var stored = SampleResult(registration, "cxr-findings-demo");

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
            stored.TouchWithFindings(DateTimeOffset.UtcNow);
            db.InferenceResults.Add(stored);
            await db.SaveChangesAsync();
        }

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
            var read = await db.InferenceResults.AsNoTracking().Include(r => r.Findings).SingleAsync(r => r.Id == stored.Id);

            Assert.Equal(stored.Probabilities, read.Probabilities);
            Assert.Equal(stored.Uncertainty, read.Uncertainty);
            Assert.Equal(stored.AttentionRegions, read.AttentionRegions);
            Assert.Equal(stored.ReviewReasons, read.ReviewReasons);
            Assert.Equal(TriagePriority.Urgent, read.Priority);
            Assert.Equal(0.83f, read.Confidence);
            var finding = Assert.Single(read.Findings);
            Assert.Equal(stored.Findings[0].Location, finding.Location);
            Assert.Equal("upper left of the image", finding.LocationDescription);
            Assert.Equal(TriagePriority.Urgent, finding.Severity);
        }
    }

    [Fact]
    public async Task A_second_result_for_the_same_instance_model_and_version_is_refused_by_the_database()
    {
        var registration = await RegisterInstanceAsync();
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
        foreach (var result in new[] { SampleResult(registration, "same-model"), SampleResult(registration, "same-model") })
        {
            result.TouchWithFindings(DateTimeOffset.UtcNow);
            db.InferenceResults.Add(result);
        }

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task A_study_read_while_a_result_commits_never_shows_the_result_without_the_triage_it_changed()
    {
        var studyUid = SampleInstances.NewUid();
        var registration = await RegisterInstanceAsync(studyUid);

        // The worker's transaction: the result and the study's triage together. It holds inference_results locked, so
        // the read below stops there, after it has read the triage, until this commits.
        await using var writerScope = _host.Services.CreateAsyncScope();
        var writer = writerScope.ServiceProvider.GetRequiredService<ClinicalImagingDbContext>();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlRawAsync("LOCK TABLE inference_results IN ACCESS EXCLUSIVE MODE");
        await using var readerScope = _host.Services.CreateAsyncScope();
        var reading = readerScope.ServiceProvider.GetRequiredService<IInferenceResultStore>()
            .GetStudyResultsAsync(DicomUid.Parse(studyUid, "StudyInstanceUID"), default);
        await WaitForLockWaitAsync("%FROM inference_results%");

        var result = SampleResult(registration, "cxr-findings-demo");
        result.TouchWithFindings(DateTimeOffset.UtcNow);
        writer.InferenceResults.Add(result);
        var triage = StudyTriage.Create(registration.StudyId);
        triage.UpdateComputed(result.Priority, result.NeedsReview);
        triage.Touch(DateTimeOffset.UtcNow);
        writer.StudyTriage.Add(triage);
        await writer.SaveChangesAsync();
        await transaction.CommitAsync();

        // The read began before the commit: it shows the study as it was then, neither the result nor its triage.
        var before = (await reading)!;
        Assert.Equal((0, null), (before.Results.Count, before.Triage));
        var after = (await readerScope.ServiceProvider.GetRequiredService<IInferenceResultStore>()
            .GetStudyResultsAsync(DicomUid.Parse(studyUid, "StudyInstanceUID"), default))!;
        Assert.Equal((result.Id, TriagePriority.Urgent), (Assert.Single(after.Results).Id, after.Triage!.ComputedPriority));
    }

    private async Task WaitForLockWaitAsync(string queryPattern)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await Database.QueryAsync(database.ConnectionString, """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1
            """, queryPattern))[0][0]! == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<InstanceRegistration> RegisterInstanceAsync(string? studyUid = null) =>
        await _host.RegisterAsync(SampleInstances.CtSlice(studyUid ?? SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1));

    private static InferenceResult SampleResult(InstanceRegistration registration, string modelId)
    {
        var region = new ImageRegion(10, 12, 30, 20, 22, 18, 0.97f, 0.71f, 480);
        var started = DateTimeOffset.UtcNow;
        return InferenceResult.Record(
            new InferenceResultDescription(
                registration.InstanceId,
                registration.StudyId,
                null,
                modelId,
                "1.0.0",
                "multi-label",
                [new LabelProbability("nodule", 0.83f, 0.2078), new LabelProbability("normal", 0.1f, 0.7289)],
                new UncertaintySummary(30, 0.41f, 0.05f, 0.59f),
                new ExplanationSummary("gradcam", "nodule", "heatmaps/a.png", "overlays/a.png", [region], 0.42f),
                new TriageOutcome(TriagePriority.Urgent, true, [ReviewReasonCodes.HighUncertainty]),
                new InferenceTimings(started.AddSeconds(-3), started, started.AddSeconds(1), TimeSpan.FromMilliseconds(640))),
            [new FindingDescription("nodule", 0.83f, 0.2078, TriagePriority.Urgent, "upper left of the image", region, "Radiologist review recommended")]);
    }
}
