using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// The ONNX Runtime environment (<c>OrtEnv</c>): loads the native library and owns ORT's logging. Create one per
/// process (a DI singleton) and open every <see cref="OnnxSession"/> from it. Sessions hold a reference on the
/// environment: disposing it while sessions are open releases it after the last of them.
/// ORT keeps a single environment per process: one created while another is alive shares the first one's native
/// environment and its log level and log destination (standard error, or the forwarding to an <see cref="ILogger"/>);
/// the forwarding then goes to the <see cref="OnnxRuntimeEnvironmentOptions.Logger"/> set most recently.
/// </summary>
public sealed unsafe class OnnxRuntimeEnvironment : IDisposable
{
    private OnnxRuntimeEnvironment(OrtApi api, OrtEnvHandle handle)
    {
        Api = api;
        Handle = handle;
    }

    /// <summary>The runtime's version, e.g. "1.30.0".</summary>
    public string RuntimeVersion => Api.Version;

    /// <summary>The runtime's build description (version, git commit, build options).</summary>
    public string BuildInfo => Api.BuildInfo;

    /// <summary>Full path of the native library in use.</summary>
    public string LibraryPath => Api.LibraryPath;

    internal OrtApi Api { get; }

    internal OrtEnvHandle Handle { get; }

    /// <summary>
    /// Loads the native library if needed and creates the environment. Throws <see cref="OnnxRuntimeLibraryException"/>
    /// naming the paths tried when the library is missing or unusable.
    /// </summary>
    public static OnnxRuntimeEnvironment Create(OnnxRuntimeEnvironmentOptions? options = null)
    {
        options ??= new OnnxRuntimeEnvironmentOptions();
        var api = OrtApi.Shared(options.LibraryPath);
        nint environment;
        fixed (byte* logId = OrtApi.Utf8(options.LogId))
        {
            if (options.Logger is { } logger)
            {
                OrtLog.Use(logger);
                api.Check(api.CreateEnvWithCustomLogger(OrtLog.Function, 0, (int)options.LoggingLevel, logId, &environment));
            }
            else
            {
                api.Check(api.CreateEnv((int)options.LoggingLevel, logId, &environment));
            }
        }

        return new OnnxRuntimeEnvironment(api, new OrtEnvHandle(api, environment));
    }

    public void Dispose() => Handle.Dispose();
}
