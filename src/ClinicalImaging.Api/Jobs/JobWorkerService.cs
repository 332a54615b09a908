using ClinicalImaging.Application.Jobs;

namespace ClinicalImaging.Api.Jobs;

/// <summary>Runs the <see cref="JobWorker"/> for the life of a worker host.</summary>
public sealed class JobWorkerService(JobWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
