using System.Diagnostics;
using System.Globalization;

namespace ClinicalImaging.Cli.Import;

/// <summary>
/// Notes for skipped files and the progress of an import: on a terminal, one bar redrawn in place (at most five times a
/// second); otherwise (a log file, CI) a plain line at every tenth of the way, so logs stay short and readable.
/// </summary>
public sealed class ConsoleImportProgress(TextWriter output, bool interactive) : IImportObserver
{
    private const int BarWidth = 30;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceRedraw = Stopwatch.StartNew();
    private int _totalFiles;
    private long _totalBytes;
    private int _doneFiles;
    private long _doneBytes;
    private int _stored;
    private int _duplicates;
    private int _failed;
    private int _lastTenth;

    public void Skipped(ImportFile file, string reason)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            output.WriteLine($"note: skipped {file.RelativePath}: {reason}");
        }
    }

    public void Planned(int files, long bytes, int alreadyImported)
    {
        lock (_gate)
        {
            (_totalFiles, _totalBytes) = (files, bytes);
            var earlier = alreadyImported > 0 ? $"; {alreadyImported} sent by an earlier run (journal)" : "";
            output.WriteLine($"sending {files} DICOM file(s), {Size(bytes)}{earlier}");
        }
    }

    public void BatchDone(IReadOnlyList<ImportResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
        {
            _doneFiles += results.Count;
            _doneBytes += results.Sum(r => r.File.Size);
            _stored += results.Count(r => r.Outcome == ImportOutcome.Stored);
            _duplicates += results.Count(r => r.Outcome == ImportOutcome.Duplicate);
            _failed += results.Count(r => r.Outcome == ImportOutcome.Failed);
            var finished = _doneFiles == _totalFiles;
            if (interactive)
            {
                if (finished || _sinceRedraw.Elapsed >= RedrawInterval)
                {
                    var filled = _totalBytes == 0 ? BarWidth : (int)(BarWidth * _doneBytes / _totalBytes);
                    output.Write($"\r[{new string('#', filled)}{new string('-', BarWidth - filled)}] {Line()}");
                    output.Write(finished ? "\n" : "");
                    _sinceRedraw.Restart();
                }
            }
            else
            {
                var tenth = _totalFiles == 0 ? 10 : _doneFiles * 10 / _totalFiles;
                if (tenth > _lastTenth)
                {
                    _lastTenth = tenth;
                    output.WriteLine(Line());
                }
            }
        }
    }

    private string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{_doneFiles}/{_totalFiles} files, {Size(_doneBytes)}/{Size(_totalBytes)}: {_stored} stored, {_duplicates} duplicate, {_failed} failed");

    public static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F2} GiB"),
    };
}
