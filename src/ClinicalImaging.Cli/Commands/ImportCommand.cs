using System.CommandLine;
using ClinicalImaging.Cli.Import;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg import DIR --server URL</c>: sends every DICOM file under DIR to the archive's upload endpoint, in parallel
/// batches, resuming after an interruption (see <see cref="ImportJournal"/>). Exit code 0 when every DICOM file is in the
/// archive, 1 when some failed or the import stopped early, 130 when interrupted.
/// </summary>
internal static class ImportCommand
{
    private const int Interrupted = 130;

    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "The folder to import, searched recursively" };
        var connection = new ArchiveConnection("imaging.write");
        var parallel = new Option<int>("--parallel") { Description = "Requests in flight at once (1-32)", DefaultValueFactory = _ => 4 };
        var batchSize = new Option<int>("--batch-size") { Description = "Files per request (1-1000)", DefaultValueFactory = _ => 20 };
        var journal = new Option<FileInfo?>("--journal") { Description = $"Where to record what was sent, for resuming (default: DIR/{ImportJournal.DefaultFileName})" };
        var retries = new Option<int>("--retries") { Description = "Retries of a batch after a connection failure or a 5xx/429 answer (0-10)", DefaultValueFactory = _ => 4 };

        var command = new Command("import", "Send every DICOM file of a folder to the archive; run again to resume") { folder, parallel, batchSize, journal, retries };
        foreach (var option in connection.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var settings = new ImportSettings
            {
                Folder = parse.GetValue(folder)!,
                JournalPath = parse.GetValue(journal)?.FullName,
                Parallelism = InRange(parse.GetValue(parallel), 1, 32, "--parallel"),
                BatchSize = InRange(parse.GetValue(batchSize), 1, 1000, "--batch-size"),
            };
            var baseAddress = connection.BaseAddress(parse);
            using var http = connection.CreateClient(parse, TimeSpan.FromMinutes(10));
            var uploader = new ArchiveUploader(http, InRange(parse.GetValue(retries), 0, 10, "--retries") + 1, TimeSpan.FromSeconds(1));
            var progress = new ConsoleImportProgress(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
            var summary = await new FolderImporter(uploader, progress).RunAsync(settings, baseAddress, cancellationToken);
            await WriteSummaryAsync(output, summary);
            return summary switch
            {
                { Interrupted: true } => Interrupted,
                { StoppedBecause: not null } or { NotSent: > 0 } => 1,
                _ => summary.Failed.Count > 0 ? 1 : 0,
            };
        });
        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter output, ImportSummary summary)
    {
        await output.WriteLineAsync($"stored: {summary.Stored}, duplicate (already in the archive): {summary.Duplicates}, failed: {summary.Failed.Count}, " +
                                    $"skipped (not DICOM): {summary.Skipped.Count}, sent by an earlier run: {summary.AlreadyImported}");
        foreach (var failure in summary.Failed)
        {
            await output.WriteLineAsync($"failed {failure.File.RelativePath}: {failure.Reason}");
        }

        if (summary.StoppedBecause is { } reason)
        {
            await output.WriteLineAsync($"stopped early, {summary.NotSent} file(s) not sent: {reason}");
        }
        else if (summary.Interrupted)
        {
            await output.WriteLineAsync($"interrupted, {summary.NotSent} file(s) not sent; run the same command again to resume");
        }
    }

    private static int InRange(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new InvalidOperationException($"{option} must be between {min} and {max}, not {value}");
}
