using System.Threading.Channels;
using ClinicalImaging.Application.Ingest;
using ClinicalImaging.Application.Ingest.RegisterInstance;
using ClinicalImaging.Application.Ingest.StoreInstance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Persistence.Registration;

/// <summary>
/// Group commit for the archive index (decision 0813). Requests queue their registrations; a few writers each take
/// what is waiting, up to <see cref="IngestOptions.RegistrationBatchSize"/> objects, and register it in one transaction
/// (<see cref="InstanceRegistrar"/>). Under load, objects sent one per request (a modality's STOW-RS, later C-STORE) share
/// the patient lock, the round trips and the commit's WAL flush instead of queueing on them one by one; alone, a
/// request waits for nothing but its own transaction. Each writer has its own queue. While a patient (by Patient ID, or
/// by study for objects without one) has registrations queued or in flight, its next ones join the same writer: two
/// writers never wait on each other's patient lock, and a patient's objects arriving together (a modality sending a
/// series) queue into one group. A patient with none goes to the writer with the fewest objects outstanding (a hash
/// of the Patient ID left writers idle while another served several patients; decision 0816).
/// </summary>
public sealed class RegistrationGroupCommitter : IAsyncDisposable
{
    private readonly Channel<Pending>[] queues;
    private readonly CancellationTokenSource stopping = new();
    private readonly IServiceScopeFactory scopes;
    private readonly IOptions<IngestOptions> options;
    private readonly Lazy<Task[]> writers;

    /// <summary>
    /// Objects queued or in flight per writer, and the writer of each patient that has any; both are read and changed
    /// only under a lock on <see cref="writerOfPatient"/>.
    /// </summary>
    private readonly int[] outstanding;
    private readonly Dictionary<string, (int Writer, int Submissions)> writerOfPatient = new(StringComparer.Ordinal);

    public RegistrationGroupCommitter(IServiceScopeFactory scopes, IOptions<IngestOptions> options)
    {
        this.scopes = scopes;
        this.options = options;
        queues = [.. Enumerable.Range(0, Math.Max(1, options.Value.RegistrationWriters))
            .Select(_ => Channel.CreateUnbounded<Pending>())];
        writers = new Lazy<Task[]>(() => [.. queues.Select(queue => Task.Run(() => WriteAsync(queue.Reader)))]);
        outstanding = new int[queues.Length];
    }

    /// <summary>Submissions queued and not yet taken by a writer (withdrawn ones count until a writer drops them).</summary>
    public int Queued => queues.Sum(q => q.Reader.Count);

    /// <summary>
    /// Registers the submission with whatever else is waiting. Cancellation withdraws it only while it is queued: once
    /// a writer has taken it, the caller learns the outcome, since the objects it would otherwise discard may be indexed.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationResult>> RegisterAsync(RegistrationSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        _ = writers.Value;
        var pending = new Pending(submission);
        var patient = PatientKey(submission);
        var writer = Route(patient, submission.Instances.Count);
        try
        {
            ObjectDisposedException.ThrowIf(!queues[writer].Writer.TryWrite(pending), this);
            await using (cancellationToken.Register(static state => ((Pending)state!).Withdraw(), pending))
            {
                return await pending.Outcome.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            // Registered, failed or withdrawn: a withdrawn submission stays in its queue, but no writer will register it.
            Release(patient, writer, submission.Instances.Count);
        }
    }

    /// <summary>
    /// The patient a submission is routed by: its first object's (a request rarely spans patients, and one that does is
    /// still correct, as patients are locked in one order). An empty Patient ID files under the study's own patient.
    /// </summary>
    private static string PatientKey(RegistrationSubmission submission)
    {
        if (submission.Instances.Count == 0)
        {
            return string.Empty;
        }

        var first = submission.Instances[0];
        return first.Patient.PatientId.Length > 0 ? first.Patient.PatientId : first.StudyInstanceUid;
    }

    /// <summary>The writer of the patient's outstanding registrations, or else the least busy one; counts the submission in.</summary>
    private int Route(string patient, int objects)
    {
        lock (writerOfPatient)
        {
            if (!writerOfPatient.TryGetValue(patient, out var route))
            {
                route = (Array.IndexOf(outstanding, outstanding.Min()), 0);
            }

            writerOfPatient[patient] = (route.Writer, route.Submissions + 1);
            outstanding[route.Writer] += objects;
            return route.Writer;
        }
    }

    private void Release(string patient, int writer, int objects)
    {
        lock (writerOfPatient)
        {
            outstanding[writer] -= objects;
            var submissions = writerOfPatient[patient].Submissions - 1;
            if (submissions == 0)
            {
                writerOfPatient.Remove(patient);
            }
            else
            {
                writerOfPatient[patient] = (writer, submissions);
            }
        }
    }

    private async Task WriteAsync(ChannelReader<Pending> reader)
    {
        Pending? carried = null;
        try
        {
            while (carried is not null || await reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                var group = new List<Pending>();
                var objects = 0;
                var limit = Math.Max(1, options.Value.RegistrationBatchSize);
                while (objects < limit && (carried is not null || reader.TryRead(out carried)))
                {
                    var next = carried!;
                    if (group.Count > 0 && objects + next.Submission.Instances.Count > limit)
                    {
                        break;
                    }

                    carried = null;
                    if (next.Take())
                    {
                        group.Add(next);
                        objects += next.Submission.Instances.Count;
                    }
                }

                if (group.Count > 0)
                {
                    await RegisterGroupAsync(group, objects).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            carried?.Fail(new OperationCanceledException(stopping.Token));
        }
    }

    private async Task RegisterGroupAsync(List<Pending> group, int objects)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var registrar = scope.ServiceProvider.GetRequiredService<InstanceRegistrar>();
            var results = await registrar.RegisterAsync([.. group.Select(p => p.Submission)], stopping.Token).ConfigureAwait(false);
            IngestMetrics.RecordRegistrationGroup(objects);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Outcome.TrySetResult(results[i]);
            }
        }
        catch (Exception exception)
        {
            // The group's transaction rolled back whole; each request answers for its own objects.
            foreach (var pending in group)
            {
                pending.Fail(exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in queues)
        {
            queue.Writer.TryComplete();
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (writers.IsValueCreated)
        {
            await Task.WhenAll(writers.Value).ConfigureAwait(false);
        }

        foreach (var queue in queues)
        {
            while (queue.Reader.TryRead(out var left))
            {
                left.Fail(new OperationCanceledException("The service is stopping"));
            }
        }

        stopping.Dispose();
    }

    private sealed class Pending(RegistrationSubmission submission)
    {
        private const int Queued = 0;
        private const int Taken = 1;
        private const int Withdrawn = 2;
        private int state;

        public RegistrationSubmission Submission { get; } = submission;

        public TaskCompletionSource<IReadOnlyList<RegistrationResult>> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True when a writer may register it (it was not withdrawn first).</summary>
        public bool Take() => Interlocked.CompareExchange(ref state, Taken, Queued) == Queued;

        public void Withdraw()
        {
            if (Interlocked.CompareExchange(ref state, Withdrawn, Queued) == Queued)
            {
                Outcome.TrySetCanceled();
            }
        }

        public void Fail(Exception exception) => Outcome.TrySetException(exception);
    }
}
