using System.Text;
using System.Text.Json;

namespace ClinicalImaging.Cli.Import;

/// <summary>
/// What earlier runs sent successfully, so that a re-run after an interruption sends only the rest. One JSON object per
/// line, appended and flushed to disk after every batch; a line torn by a crash is ignored (its files are sent again,
/// and the archive answers "already stored"). A file counts as done for the same server, path, size and modification
/// time; change any of them and it is sent again. Failed files are not recorded: a re-run retries them.
/// </summary>
public sealed class ImportJournal : IAsyncDisposable
{
    public const string DefaultFileName = ".clinimg-import.journal";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly FileStream _file;
    private readonly string _server;
    private readonly HashSet<(string Path, long Size, long ModifiedTicks)> _done;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private ImportJournal(FileStream file, string server, HashSet<(string, long, long)> done)
    {
        _file = file;
        _server = server;
        _done = done;
    }

    public string Path => _file.Name;

    public static async Task<ImportJournal> OpenAsync(string path, Uri server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var serverKey = server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var done = new HashSet<(string, long, long)>();
        if (File.Exists(path))
        {
            foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
            {
                if (Parse(line) is { } entry && string.Equals(entry.Server, serverKey, StringComparison.Ordinal))
                {
                    done.Add((entry.Path, entry.Size, entry.ModifiedTicks));
                }
            }
        }

        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new IOException($"cannot write the import journal {path} ({error.Message}); pass --journal with a writable path", error);
        }

        return new ImportJournal(file, serverKey, done);
    }

    public int Count => _done.Count;

    public bool IsDone(ImportFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return _done.Contains((file.RelativePath, file.Size, file.ModifiedTicks));
    }

    /// <summary>Appends the files and makes them durable before returning.</summary>
    public async Task RecordAsync(IEnumerable<(ImportFile File, string Outcome)> sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var text = new StringBuilder();
        foreach (var (file, outcome) in sent)
        {
            text.Append(JsonSerializer.Serialize(new JournalEntry(_server, file.RelativePath, file.Size, file.ModifiedTicks, outcome), Json)).Append('\n');
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _file.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
            await _file.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _gate.Dispose();
    }

    private static JournalEntry? Parse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<JournalEntry>(line, Json) is { Server: not null, Path: not null } entry ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record JournalEntry(string Server, string Path, long Size, long ModifiedTicks, string Outcome);
}
