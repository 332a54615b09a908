using System.Diagnostics;
using ClinicalImaging.Domain.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Application.Jobs;

/// <summary>
/// Drains the job queue: <see cref="JobWorkerOptions.Concurrency"/> loops, each claiming one job at a time, running its
/// <see cref="IJobHandler"/> in a fresh scope while a heartbeat renews the lease, then completing it, or recording the
/// failure with a backoff (dead after the last attempt, or at once for a <see cref="PermanentJobFailureException"/>).
/// Any number of workers in any number of processes may run together. When the host stops, a running job is left to
/// its lease: it expires and another worker runs the job again (handlers are idempotent).
/// </summary>
public sealed partial class JobWorker
{
    private const int MaxErrorLength = 1024;

    private readonly IJobQueue _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly JobWorkerOptions _options;
    private readonly ILogger<JobWorker> _logger;
    private readonly RetryBackoff _backoff;
    private readonly IReadOnlyList<string> _kinds;

    /// <param name="kinds">The job kinds this worker runs: one <see cref="IJobHandler"/> of each must be registered.</param>
    public JobWorker(IJobQueue queue, IServiceScopeFactory scopes, JobWorkerOptions options, IReadOnlyList<string> kinds, ILogger<JobWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kinds);
        options.Validate();
        if (kinds.Count == 0)
        {
            throw new InvalidOperationException("The job worker has no job kinds to run");
        }

        _queue = queue;
        _scopes = scopes;
        _options = options;
        _logger = logger;
        _kinds = kinds;
        _backoff = new RetryBackoff(options.RetryBaseDelay, options.RetryMaxDelay);
        WorkerId = options.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
    }

    public string WorkerId { get; }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        LogStarted(_logger, WorkerId, _options.Concurrency, string.Join(",", _kinds));
        var loops = Enumerable.Range(0, _options.Concurrency).Select(slot => LoopAsync($"{WorkerId}/{slot}", slot == 0, stoppingToken));
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>Claims and runs at most one job; false when none was runnable.</summary>
    public async Task<bool> RunOnceAsync(string leaseOwner, CancellationToken stoppingToken)
    {
        var claimed = await _queue.ClaimAsync(leaseOwner, _kinds.ToArray(), 1, _options.LeaseDuration, stoppingToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return false;
        }

        await RunAsync(claimed[0], stoppingToken).ConfigureAwait(false);
        return true;
    }

    private async Task LoopAsync(string leaseOwner, bool reportsQueueState, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (reportsQueueState)
                {
                    await ReportQueueStateAsync(stoppingToken).ConfigureAwait(false);
                }

                if (await RunOnceAsync(leaseOwner, stoppingToken).ConfigureAwait(false))
                {
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The queue itself failed (database unreachable): wait a poll interval and try again.
                LogQueueUnavailable(_logger, error.GetType().Name, error.Message);
            }

            try
            {
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, leaseLost, stopHeartbeat.Token);
        string outcome;
        try
        {
            LogRunning(_logger, job.Id, job.Kind, job.Attempt, job.MaxAttempts);
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind)
                    ?? throw new PermanentJobFailureException($"No handler runs jobs of kind '{job.Kind}'");
                await handler.HandleAsync(job, leaseLost.Token).ConfigureAwait(false);
            }

            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            await _queue.CompleteAsync(job.Id, job.LeaseOwner, CancellationToken.None).ConfigureAwait(false);
            outcome = "succeeded";
            LogSucceeded(_logger, job.Id, job.Kind, job.Attempt);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            LogLeftToLease(_logger, job.Id);
            return;
        }
        catch (Exception error) when (leaseLost.IsCancellationRequested || IsLost(error))
        {
            // Another worker holds the job now and will finish it; whatever this attempt stored, the next one finds.
            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            outcome = "lease_lost";
            LogLeaseLost(_logger, job.Id, job.LeaseOwner);
        }
        catch (Exception error)
        {
            await StopAsync(stopHeartbeat, heartbeat).ConfigureAwait(false);
            outcome = await RecordFailureAsync(job, error).ConfigureAwait(false);
        }

        JobQueueMetrics.RecordAttempt(job.Kind, outcome, Stopwatch.GetElapsedTime(started));
    }

    private async Task<string> RecordFailureAsync(ClaimedJob job, Exception error)
    {
        var retryAfter = error is PermanentJobFailureException ? (TimeSpan?)null : _backoff.After(job.Attempt);
        var description = Describe(error);
        try
        {
            var status = await _queue.FailAsync(job.Id, job.LeaseOwner, description, retryAfter, CancellationToken.None).ConfigureAwait(false);
            if (status == JobStatus.Dead)
            {
                LogDead(_logger, job.Id, job.Kind, job.Attempt, description);
                return "dead";
            }

            LogRetrying(_logger, job.Id, job.Kind, job.Attempt, retryAfter ?? TimeSpan.Zero, description);
            return "retry";
        }
        catch (Exception lost) when (IsLost(lost))
        {
            LogLeaseLost(_logger, job.Id, job.LeaseOwner);
            return "lease_lost";
        }
    }

    private async Task HeartbeatAsync(ClaimedJob job, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (!await _queue.RenewLeaseAsync(job.Id, job.LeaseOwner, _options.LeaseDuration, stop).ConfigureAwait(false))
                    {
                        await leaseLost.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Keep trying: the lease lasts a few heartbeats, and a lost one is detected by the next renewal.
                    LogHeartbeatFailed(_logger, job.Id, error.GetType().Name, error.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task StopAsync(CancellationTokenSource stopHeartbeat, Task heartbeat)
    {
        await stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await heartbeat.ConfigureAwait(false);
    }

    private async Task ReportQueueStateAsync(CancellationToken cancellationToken)
    {
        foreach (var state in await _queue.GetQueueStateAsync(_kinds.ToArray(), cancellationToken).ConfigureAwait(false))
        {
            JobQueueMetrics.RecordQueueState(state.Kind, state.Waiting, state.OldestWaiting);
        }
    }

    /// <summary>The queue refused to finish the job: another worker holds it, or already finished it.</summary>
    private static bool IsLost(Exception error) => error is JobLeaseLostException or InvalidJobTransitionException;

    /// <summary>The exception's type and message: our messages name attributes and ids, never patient data.</summary>
    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Job worker {WorkerId} started: {Concurrency} loop(s) for {Kinds}")]
    private static partial void LogStarted(ILogger logger, string workerId, int concurrency, string kinds);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "Job {JobId} ({Kind}) attempt {Attempt} of {MaxAttempts} running")]
    private static partial void LogRunning(ILogger logger, Guid jobId, string kind, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) succeeded on attempt {Attempt}")]
    private static partial void LogSucceeded(ILogger logger, Guid jobId, string kind, int attempt);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) attempt {Attempt} failed; retrying in {RetryAfter}: {Error}")]
    private static partial void LogRetrying(ILogger logger, Guid jobId, string kind, int attempt, TimeSpan retryAfter, string error);

    [LoggerMessage(EventId = 8105, Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) is dead after attempt {Attempt}: {Error}")]
    private static partial void LogDead(ILogger logger, Guid jobId, string kind, int attempt, string error);

    [LoggerMessage(EventId = 8106, Level = LogLevel.Warning, Message = "Job {JobId}: lease of {LeaseOwner} lost to another worker; this attempt's outcome is dropped")]
    private static partial void LogLeaseLost(ILogger logger, Guid jobId, string leaseOwner);

    [LoggerMessage(EventId = 8107, Level = LogLevel.Information, Message = "Job {JobId} left to its lease: the host is stopping")]
    private static partial void LogLeftToLease(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 8108, Level = LogLevel.Warning, Message = "Job {JobId}: lease renewal failed ({ErrorType}: {Error})")]
    private static partial void LogHeartbeatFailed(ILogger logger, Guid jobId, string errorType, string error);

    [LoggerMessage(EventId = 8109, Level = LogLevel.Warning, Message = "The job queue is unavailable ({ErrorType}: {Error}); polling again shortly")]
    private static partial void LogQueueUnavailable(ILogger logger, string errorType, string error);
}
