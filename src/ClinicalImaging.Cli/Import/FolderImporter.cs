namespace ClinicalImaging.Cli.Import;

/// <summary>How an import runs; <see cref="ImportCommand"/> fills it from the command line.</summary>
public sealed record ImportSettings
{
    public required DirectoryInfo Folder { get; init; }

    /// <summary>Default: <see cref="ImportJournal.DefaultFileName"/> inside <see cref="Folder"/>.</summary>
    public string? JournalPath { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Files per request, at most.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Bytes per request, at most (a larger single file goes alone).</summary>
    public long MaxBatchBytes { get; init; } = 256L * 1024 * 1024;
}

/// <summary>Hears what an import does, as it happens (the console progress, or a test).</summary>
public interface IImportObserver
{
    void Skipped(ImportFile file, string reason);

    /// <summary>The scan is over: this many files and bytes will be sent, and this many were sent by earlier runs.</summary>
    void Planned(int files, long bytes, int alreadyImported);

    void BatchDone(IReadOnlyList<ImportResult> results);
}

/// <summary>
/// What an import did. <see cref="StoppedBecause"/> is set when it ended early (server gone, credentials refused);
/// <see cref="Interrupted"/> when the caller cancelled it. <see cref="NotSent"/> files are left for the next run.
/// </summary>
public sealed record ImportSummary(
    IReadOnlyList<ImportResult> Results,
    IReadOnlyList<(ImportFile File, string Reason)> Skipped,
    int AlreadyImported,
    int NotSent,
    string? StoppedBecause,
    bool Interrupted)
{
    public int Stored => Results.Count(r => r.Outcome == ImportOutcome.Stored);

    public int Duplicates => Results.Count(r => r.Outcome == ImportOutcome.Duplicate);

    public IReadOnlyList<ImportResult> Failed => Results.Where(r => r.Outcome == ImportOutcome.Failed).ToList();
}

/// <summary>
/// Walks a folder recursively, skips what is not DICOM (with a note), and sends the rest in batches, several at once.
/// Every batch the server answered is recorded in the <see cref="ImportJournal"/> as soon as it is answered, so an
/// interrupted import (Ctrl+C, crash, lost network) resumes where it stopped when run again.
/// </summary>
public sealed class FolderImporter(ArchiveUploader uploader, IImportObserver observer)
{
    /// <summary>Runs the import; cancellation stops it cleanly: what the server answered is in the journal and the summary.</summary>
    public async Task<ImportSummary> RunAsync(ImportSettings settings, Uri server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Folder.Exists)
        {
            throw new IOException($"{settings.Folder.FullName} does not exist or is not a folder");
        }

        var journalPath = Path.GetFullPath(settings.JournalPath ?? Path.Combine(settings.Folder.FullName, ImportJournal.DefaultFileName));
        await using var journal = await ImportJournal.OpenAsync(journalPath, server, cancellationToken);
        var plan = new ImportPlan();
        var results = new List<ImportResult>();
        string? stoppedBecause = null;
        try
        {
            Scan(settings.Folder, journalPath, journal, plan, cancellationToken);
            observer.Planned(plan.ToSend.Count, plan.ToSend.Sum(f => f.Size), plan.AlreadyImported);
            stoppedBecause = await SendAsync(plan.ToSend, settings, journal, results, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: what was answered is recorded; the summary counts the rest as not sent.
        }

        return new ImportSummary(results, plan.Skipped, plan.AlreadyImported, plan.ToSend.Count - results.Count, stoppedBecause, cancellationToken.IsCancellationRequested);
    }

    private void Scan(DirectoryInfo folder, string journalPath, ImportJournal journal, ImportPlan plan, CancellationToken cancellationToken)
    {
        var everything = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        foreach (var info in folder.EnumerateFiles("*", everything).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(info.FullName, journalPath, StringComparison.Ordinal))
            {
                continue;
            }

            var file = ImportFile.From(folder.FullName, info);
            if (journal.IsDone(file))
            {
                plan.AlreadyImported++;
            }
            else if (WhyNotSent(file) is { } reason)
            {
                plan.Skipped.Add((file, reason));
                observer.Skipped(file, reason);
            }
            else
            {
                plan.ToSend.Add(file);
            }
        }
    }

    private static string? WhyNotSent(ImportFile file)
    {
        try
        {
            return DicomSniffer.WhyNotDicom(file.FullPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {error.Message}";
        }
    }

    /// <summary>Sends every batch, several at once; returns why it stopped early, or null when every batch was answered.</summary>
    private async Task<string?> SendAsync(List<ImportFile> files, ImportSettings settings, ImportJournal journal, List<ImportResult> results, CancellationToken cancellationToken)
    {
        string? stoppedBecause = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(Batches(files, settings), new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = stop.Token },
                async (batch, token) =>
                {
                    IReadOnlyList<ImportResult> answered;
                    try
                    {
                        answered = await uploader.UploadAsync(batch, token);
                    }
                    catch (Exception error) when (error is HttpRequestException or ImportRefusedException)
                    {
                        // Later batches would meet the same server: stop, and let a re-run pick up from the journal.
                        Interlocked.CompareExchange(ref stoppedBecause, error.Message, null);
                        await stop.CancelAsync();
                        return;
                    }
                    catch (IOException error)
                    {
                        answered = batch.Select(f => new ImportResult(f, ImportOutcome.Failed, $"cannot read the file: {error.Message}")).ToList();
                    }

                    // Recorded even when the import is being interrupted: the server has these files.
                    await journal.RecordAsync(answered.Where(r => r.Outcome != ImportOutcome.Failed).Select(r => (r.File, r.Outcome.ToString())), CancellationToken.None);
                    lock (results)
                    {
                        results.AddRange(answered);
                    }

                    observer.BatchDone(answered);
                });
        }
        catch (OperationCanceledException) when (stoppedBecause is not null && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by a batch, not by the caller.
        }

        return stoppedBecause;
    }

    private sealed class ImportPlan
    {
        public List<ImportFile> ToSend { get; } = [];

        public List<(ImportFile File, string Reason)> Skipped { get; } = [];

        public int AlreadyImported { get; set; }
    }

    /// <summary>Consecutive files (so a series tends to travel together), at most BatchSize files and MaxBatchBytes bytes each.</summary>
    private static IEnumerable<IReadOnlyList<ImportFile>> Batches(List<ImportFile> files, ImportSettings settings)
    {
        var batch = new List<ImportFile>();
        long bytes = 0;
        foreach (var file in files)
        {
            if (batch.Count > 0 && (batch.Count == settings.BatchSize || bytes + file.Size > settings.MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(file);
            bytes += file.Size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
