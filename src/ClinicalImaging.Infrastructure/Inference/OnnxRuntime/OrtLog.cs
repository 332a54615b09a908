using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// Forwards ONNX Runtime's own log (an <c>OrtLoggingFunction</c>) to an <see cref="ILogger"/>.
/// ORT keeps one environment, and so one logging function, per process; the logger is therefore process-wide too
/// and is not passed through the callback's parameter, so no callback can ever reach a freed handle.
/// ORT's messages name models, nodes and files, never patient data.
/// </summary>
internal static unsafe partial class OrtLog
{
    private static volatile ILogger? s_logger;

    /// <summary>The <c>OrtLoggingFunction</c> to hand to <c>CreateEnvWithCustomLogger</c>.</summary>
    public static delegate* unmanaged<nint, int, byte*, byte*, byte*, byte*, void> Function => &Forward;

    public static void Use(ILogger logger) => s_logger = logger;

    // void (*OrtLoggingFunction)(void* param, OrtLoggingLevel severity, const char* category, const char* logid,
    //                            const char* code_location, const char* message)
    [UnmanagedCallersOnly]
    private static void Forward(nint param, int severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        try
        {
            var logger = s_logger;
            var level = LevelOf((OnnxLoggingLevel)severity);
            if (logger is not null && logger.IsEnabled(level))
            {
                Write(logger, level, Text(category), Text(logId), Text(message), Text(codeLocation));
            }
        }
#pragma warning disable CA1031 // An exception must never unwind into ONNX Runtime's native frames; a lost log line is the lesser harm.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static LogLevel LevelOf(OnnxLoggingLevel severity) => severity switch
    {
        OnnxLoggingLevel.Verbose => LogLevel.Trace,
        OnnxLoggingLevel.Info => LogLevel.Information,
        OnnxLoggingLevel.Warning => LogLevel.Warning,
        OnnxLoggingLevel.Error => LogLevel.Error,
        _ => LogLevel.Critical,
    };

    private static string Text(byte* value) => Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;

    [LoggerMessage(EventId = 3001, Message = "ONNX Runtime [{Category}] {LogId}: {Text} ({CodeLocation})")]
    private static partial void Write(ILogger logger, LogLevel level, string category, string logId, string text, string codeLocation);
}
