using System.Collections.Concurrent;
using ClinicalImaging.Application.Jobs;
using ClinicalImaging.Domain.Jobs;
using ClinicalImaging.Infrastructure.Jobs;
using ClinicalImaging.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Jobs;

/// <summary>Two workers, each with several claim loops on its own connections, drain one queue: every job runs exactly once.</summary>
public sealed class ParallelWorkersTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncDisposable
{
    private const int Jobs = 60;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [Fact]
    public async Task Two_workers_in_parallel_never_run_the_same_job()
    {
        var kind = $"parallel-{Guid.NewGuid():N}"[..24];
        var queue = new PostgresJobQueue(_dataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < Jobs; i++)
        {
            ids.Add((await queue.EnqueueAsync(new NewJob(kind, $$"""{"n":{{i}}}""", null), default)).Id);
        }

        var recorder = new RunRecorder(kind);
        await using var services = new ServiceCollection().AddSingleton<IJobHandler>(recorder).BuildServiceProvider();
        using var stop = new CancellationTokenSource();
        var workers = new[] { "worker-a", "worker-b" }.Select(id => new JobWorker(
            queue,
            services.GetRequiredService<IServiceScopeFactory>(),
            new JobWorkerOptions { WorkerId = id, Concurrency = 3, PollInterval = TimeSpan.FromMilliseconds(20) },
            [kind],
            NullLogger<JobWorker>.Instance)).ToArray();
        var running = workers.Select(w => w.RunAsync(stop.Token)).ToArray();

        await recorder.AllRan(Jobs).WaitAsync(TimeSpan.FromMinutes(2));
        await WaitUntilAsync(async () => (await Task.WhenAll(ids.Select(id => queue.GetAsync(id, default)))).All(j => j!.Status == JobStatus.Succeeded));
        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.Equal(ids.Order(), recorder.Runs.Keys.Order());
        Assert.All(recorder.Runs, run => Assert.Equal(1, run.Value));
        Assert.Equal(0, recorder.Overlaps);
        var jobs = await Task.WhenAll(ids.Select(id => queue.GetAsync(id, default)));
        Assert.All(jobs, job => Assert.Equal(1, job!.Attempts));
        // Both workers took part: with six loops polling, one worker alone draining the queue would mean no parallelism was tested.
        Assert.Equal(["worker-a", "worker-b"], recorder.Owners.Select(o => o.Split('/')[0]).Distinct().Order());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Counts runs per job and notices any two runs of one job at the same time.</summary>
    private sealed class RunRecorder(string kind) : IJobHandler
    {
        private readonly ConcurrentDictionary<Guid, byte> _inFlight = new();
        private readonly TaskCompletionSource _allRan = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _overlaps;
        private int _total;
        private int _expected = int.MaxValue;

        public string Kind => kind;

        public ConcurrentDictionary<Guid, int> Runs { get; } = new();

        public ConcurrentBag<string> Owners { get; } = [];

        public int Overlaps => _overlaps;

        public Task AllRan(int expected)
        {
            _expected = expected;
            if (Volatile.Read(ref _total) >= expected)
            {
                _allRan.TrySetResult();
            }

            return _allRan.Task;
        }

        public async Task HandleAsync(ClaimedJob job, CancellationToken cancellationToken)
        {
            if (!_inFlight.TryAdd(job.Id, 0))
            {
                Interlocked.Increment(ref _overlaps);
            }

            Runs.AddOrUpdate(job.Id, 1, (_, runs) => runs + 1);
            Owners.Add(job.LeaseOwner);
            // A little real work, so that claims and runs interleave across the six loops.
            await Task.Delay(5, cancellationToken);
            _inFlight.TryRemove(job.Id, out _);
            if (Interlocked.Increment(ref _total) >= Volatile.Read(ref _expected))
            {
                _allRan.TrySetResult();
            }
        }
    }
}
