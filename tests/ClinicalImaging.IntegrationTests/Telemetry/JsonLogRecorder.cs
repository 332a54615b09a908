using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>
/// Records every log entry as the host's own JSON console formatter writes it, scopes included, so tests read exactly
/// the lines the console would show (the console itself writes on a background thread to the process's stdout).
/// </summary>
public sealed class JsonLogRecorder(IEnumerable<ConsoleFormatter> formatters) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _json = formatters.Single(f => f.Name == ConsoleFormatterNames.Json);
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IEnumerable<JsonElement> Lines => _lines.Select(line => JsonDocument.Parse(line).RootElement);

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Recorder(JsonLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var line = new StringWriter();
            owner._json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, line);
            owner._lines.Enqueue(line.ToString());
        }
    }
}
