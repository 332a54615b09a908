using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Domain.Inference;
using ClinicalImaging.Infrastructure.Persistence;
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

    private async Task<InstanceRegistration> RegisterInstanceAsync() =>
        await _host.SendAsync(new RegisterInstanceCommand(SampleInstances.CtSlice(SampleInstances.NewUid(), SampleInstances.NewUid(), SampleInstances.NewUid(), 1)));

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
