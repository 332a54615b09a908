using Microsoft.Extensions.Logging;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// The ONNX Runtime environment (<c>OrtEnv</c>): loads the native library and owns ORT's logging. Create one per
/// process (a DI singleton) and open every <see cref="OnnxSession"/> from it. Sessions hold a reference on the
/// environment: disposing it while sessions are open releases it after the last of them.
/// ORT keeps a single environment per process: one created while another is alive shares the first one's native
/// environment and its log level and log destination (standard error, or the forwarding to an <see cref="ILogger"/>);
/// the forwarding then goes to the <see cref="OnnxRuntimeEnvironmentOptions.Logger"/> set most recently. Its shared
/// thread pools are likewise the first environment's.
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

    /// <summary>
    /// Whether the environment has shared thread pools: as requested by <see cref="OnnxRuntimeEnvironmentOptions.SharedThreadPools"/>
    /// when this call created ORT's environment, or as the live environment it joined was created.
    /// </summary>
    public bool HasSharedThreadPools => Handle.HasSharedThreadPools;

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
        using var threading = options.SharedThreadPools is { } pools ? CreateThreadingOptions(api, pools) : null;
        var threadingOptions = threading?.DangerousGetHandle() ?? 0;
        var level = (int)options.LoggingLevel;
        var logId = OrtApi.Utf8(options.LogId);
        var handle = OrtEnvHandle.CreateOrJoin(api, requestsSharedThreadPools: threading is not null, () =>
        {
            nint environment;
            fixed (byte* logIdPointer = logId)
            {
                if (options.Logger is { } logger)
                {
                    OrtLog.Use(logger);
                    api.Check(threading is null
                        ? api.CreateEnvWithCustomLogger(OrtLog.Function, 0, level, logIdPointer, &environment)
                        : api.CreateEnvWithCustomLoggerAndGlobalThreadPools(OrtLog.Function, 0, level, logIdPointer, threadingOptions, &environment));
                }
                else
                {
                    api.Check(threading is null
                        ? api.CreateEnv(level, logIdPointer, &environment)
                        : api.CreateEnvWithGlobalThreadPools(level, logIdPointer, threadingOptions, &environment));
                }
            }

            return environment;
        });

        return new OnnxRuntimeEnvironment(api, handle);
    }

    private static OrtThreadingOptionsHandle CreateThreadingOptions(OrtApi api, OnnxThreadPoolOptions pools)
    {
        nint raw;
        api.Check(api.CreateThreadingOptions(&raw));
        var handle = new OrtThreadingOptionsHandle(api, raw);
        try
        {
            api.Check(api.SetGlobalIntraOpNumThreads(raw, pools.IntraOpThreadCount));
            api.Check(api.SetGlobalInterOpNumThreads(raw, pools.InterOpThreadCount));
            if (pools.AllowSpinning is { } spinning)
            {
                api.Check(api.SetGlobalSpinControl(raw, spinning ? 1 : 0));
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();
}
