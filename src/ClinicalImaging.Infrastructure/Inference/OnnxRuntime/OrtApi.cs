using System.Runtime.InteropServices;
using System.Text;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// The subset of ONNX Runtime's C API (<c>struct OrtApi</c>) this binding calls, as unmanaged function pointers read
/// from the runtime's function table by slot number (<see cref="OrtApiSlot"/>, generated from the shared member list).
/// Opaque ORT objects are <see cref="nint"/>; every <c>ORT_API2_STATUS</c> member returns an <c>OrtStatus*</c>
/// (0 = success) that <see cref="Check"/> turns into an <see cref="OnnxRuntimeException"/>.
/// Signatures follow onnxruntime_c_api.h: <c>size_t</c> is <see cref="nuint"/>, C enums are <see cref="int"/>.
/// </summary>
internal sealed unsafe class OrtApi
{
    // OrtAllocatorType / OrtMemType values for plain CPU memory the caller owns.
    private const int OrtDeviceAllocator = 0;
    private const int OrtMemTypeDefault = 0;

    private static readonly Lock s_loadGate = new();
    private static OrtApi? s_loaded;

    private readonly nint _table;

    // Status
    public readonly delegate* unmanaged<nint, OrtErrorCode> GetErrorCode;
    public readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged<nint, void> ReleaseStatus;

    // Environment
    public readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    // (OrtLoggingFunction, logger param, severity, log id, out env)
    public readonly delegate* unmanaged<void*, nint, int, byte*, nint*, nint> CreateEnvWithCustomLogger;
    // (severity, log id, threading options, out env) and (OrtLoggingFunction, logger param, severity, log id, threading options, out env)
    public readonly delegate* unmanaged<int, byte*, nint, nint*, nint> CreateEnvWithGlobalThreadPools;
    public readonly delegate* unmanaged<void*, nint, int, byte*, nint, nint*, nint> CreateEnvWithCustomLoggerAndGlobalThreadPools;

    // Threading options for the environment's shared thread pools
    public readonly delegate* unmanaged<nint*, nint> CreateThreadingOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetGlobalIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetGlobalInterOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetGlobalSpinControl;
    public readonly delegate* unmanaged<nint, void> ReleaseThreadingOptions;
    public readonly delegate* unmanaged<nint, void> ReleaseEnv;

    // Session options
    public readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionExecutionMode;
    public readonly delegate* unmanaged<nint, int, nint> SetSessionLogSeverityLevel;
    public readonly delegate* unmanaged<nint, byte*, nint> SetSessionLogId;
    public readonly delegate* unmanaged<nint, nint> DisablePerSessionThreads;
    // (options, key, value): the string-keyed session settings of onnxruntime_session_options_config_keys.h
    public readonly delegate* unmanaged<nint, byte*, byte*, nint> AddSessionConfigEntry;
    // (options, ORTCHAR_T* path): where ORT writes the graph after its optimisations, and the prefix of its profile file
    public readonly delegate* unmanaged<nint, void*, nint> SetOptimizedModelFilePath;
    public readonly delegate* unmanaged<nint, void*, nint> EnableProfiling;
    public readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;

    // Session: (env, ORTCHAR_T* path, options, out session) and (env, bytes, length, options, out session)
    public readonly delegate* unmanaged<nint, void*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    // (session, run options, input names, inputs, input count, output names, output count, outputs)
    public readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged<nint, nint*, nint> SessionGetModelMetadata;
    // (session, allocator, out file name): writes the profile and stops profiling
    public readonly delegate* unmanaged<nint, nint, byte**, nint> SessionEndProfiling;
    public readonly delegate* unmanaged<nint, void> ReleaseSession;

    // Run options
    public readonly delegate* unmanaged<nint*, nint> CreateRunOptions;
    public readonly delegate* unmanaged<nint, int, nint> RunOptionsSetRunLogSeverityLevel;
    public readonly delegate* unmanaged<nint, byte*, nint> RunOptionsSetRunTag;
    public readonly delegate* unmanaged<nint, nint> RunOptionsSetTerminate;
    public readonly delegate* unmanaged<nint, void> ReleaseRunOptions;

    // Type information
    public readonly delegate* unmanaged<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged<nint, byte**, nuint, nint> GetSymbolicDimensions;
    public readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;

    // Values
    public readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    // (memory info, data, data length in bytes, shape, rank, element type, out value)
    public readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged<nint, int*, nint> GetValueType;
    public readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged<nint, void> ReleaseValue;

    // Allocator (the default CPU allocator frees the strings ORT hands out)
    public readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;

    // Model metadata
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetProducerName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphName;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetDomain;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetDescription;
    public readonly delegate* unmanaged<nint, nint, byte**, nint> ModelMetadataGetGraphDescription;
    public readonly delegate* unmanaged<nint, long*, nint> ModelMetadataGetVersion;
    public readonly delegate* unmanaged<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys;
    public readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap;
    public readonly delegate* unmanaged<nint, void> ReleaseModelMetadata;

    // Build information
    public readonly delegate* unmanaged<byte*> GetBuildInfoString;

    private OrtApi(string libraryPath, nint table, string version)
    {
        LibraryPath = libraryPath;
        _table = table;
        Version = version;

        GetErrorCode = (delegate* unmanaged<nint, OrtErrorCode>)Slot(OrtApiSlot.GetErrorCode);
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)Slot(OrtApiSlot.GetErrorMessage);
        ReleaseStatus = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseStatus);

        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)Slot(OrtApiSlot.CreateEnv);
        CreateEnvWithCustomLogger = (delegate* unmanaged<void*, nint, int, byte*, nint*, nint>)Slot(OrtApiSlot.CreateEnvWithCustomLogger);
        CreateEnvWithGlobalThreadPools = (delegate* unmanaged<int, byte*, nint, nint*, nint>)Slot(OrtApiSlot.CreateEnvWithGlobalThreadPools);
        CreateEnvWithCustomLoggerAndGlobalThreadPools =
            (delegate* unmanaged<void*, nint, int, byte*, nint, nint*, nint>)Slot(OrtApiSlot.CreateEnvWithCustomLoggerAndGlobalThreadPools);

        CreateThreadingOptions = (delegate* unmanaged<nint*, nint>)Slot(OrtApiSlot.CreateThreadingOptions);
        SetGlobalIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetGlobalIntraOpNumThreads);
        SetGlobalInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetGlobalInterOpNumThreads);
        SetGlobalSpinControl = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetGlobalSpinControl);
        ReleaseThreadingOptions = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseThreadingOptions);
        ReleaseEnv = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseEnv);

        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)Slot(OrtApiSlot.CreateSessionOptions);
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetIntraOpNumThreads);
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetInterOpNumThreads);
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetSessionGraphOptimizationLevel);
        SetSessionExecutionMode = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetSessionExecutionMode);
        SetSessionLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.SetSessionLogSeverityLevel);
        SetSessionLogId = (delegate* unmanaged<nint, byte*, nint>)Slot(OrtApiSlot.SetSessionLogId);
        DisablePerSessionThreads = (delegate* unmanaged<nint, nint>)Slot(OrtApiSlot.DisablePerSessionThreads);
        AddSessionConfigEntry = (delegate* unmanaged<nint, byte*, byte*, nint>)Slot(OrtApiSlot.AddSessionConfigEntry);
        SetOptimizedModelFilePath = (delegate* unmanaged<nint, void*, nint>)Slot(OrtApiSlot.SetOptimizedModelFilePath);
        EnableProfiling = (delegate* unmanaged<nint, void*, nint>)Slot(OrtApiSlot.EnableProfiling);
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseSessionOptions);

        CreateSession = (delegate* unmanaged<nint, void*, nint, nint*, nint>)Slot(OrtApiSlot.CreateSession);
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)Slot(OrtApiSlot.CreateSessionFromArray);
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)Slot(OrtApiSlot.Run);
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)Slot(OrtApiSlot.SessionGetInputCount);
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)Slot(OrtApiSlot.SessionGetOutputCount);
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)Slot(OrtApiSlot.SessionGetInputName);
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)Slot(OrtApiSlot.SessionGetOutputName);
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)Slot(OrtApiSlot.SessionGetInputTypeInfo);
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)Slot(OrtApiSlot.SessionGetOutputTypeInfo);
        SessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)Slot(OrtApiSlot.SessionGetModelMetadata);
        SessionEndProfiling = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.SessionEndProfiling);
        ReleaseSession = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseSession);

        CreateRunOptions = (delegate* unmanaged<nint*, nint>)Slot(OrtApiSlot.CreateRunOptions);
        RunOptionsSetRunLogSeverityLevel = (delegate* unmanaged<nint, int, nint>)Slot(OrtApiSlot.RunOptionsSetRunLogSeverityLevel);
        RunOptionsSetRunTag = (delegate* unmanaged<nint, byte*, nint>)Slot(OrtApiSlot.RunOptionsSetRunTag);
        RunOptionsSetTerminate = (delegate* unmanaged<nint, nint>)Slot(OrtApiSlot.RunOptionsSetTerminate);
        ReleaseRunOptions = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseRunOptions);

        GetOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)Slot(OrtApiSlot.GetOnnxTypeFromTypeInfo);
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)Slot(OrtApiSlot.CastTypeInfoToTensorInfo);
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)Slot(OrtApiSlot.GetTensorElementType);
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)Slot(OrtApiSlot.GetDimensionsCount);
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)Slot(OrtApiSlot.GetDimensions);
        GetSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)Slot(OrtApiSlot.GetSymbolicDimensions);
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseTypeInfo);
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseTensorTypeAndShapeInfo);

        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)Slot(OrtApiSlot.CreateCpuMemoryInfo);
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseMemoryInfo);
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Slot(OrtApiSlot.CreateTensorWithDataAsOrtValue);
        GetValueType = (delegate* unmanaged<nint, int*, nint>)Slot(OrtApiSlot.GetValueType);
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)Slot(OrtApiSlot.GetTensorTypeAndShape);
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)Slot(OrtApiSlot.GetTensorMutableData);
        ReleaseValue = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseValue);

        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)Slot(OrtApiSlot.GetAllocatorWithDefaultOptions);
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)Slot(OrtApiSlot.AllocatorFree);

        ModelMetadataGetProducerName = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.ModelMetadataGetProducerName);
        ModelMetadataGetGraphName = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.ModelMetadataGetGraphName);
        ModelMetadataGetDomain = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.ModelMetadataGetDomain);
        ModelMetadataGetDescription = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.ModelMetadataGetDescription);
        ModelMetadataGetGraphDescription = (delegate* unmanaged<nint, nint, byte**, nint>)Slot(OrtApiSlot.ModelMetadataGetGraphDescription);
        ModelMetadataGetVersion = (delegate* unmanaged<nint, long*, nint>)Slot(OrtApiSlot.ModelMetadataGetVersion);
        ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged<nint, nint, byte***, long*, nint>)Slot(OrtApiSlot.ModelMetadataGetCustomMetadataMapKeys);
        ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged<nint, nint, byte*, byte**, nint>)Slot(OrtApiSlot.ModelMetadataLookupCustomMetadataMap);
        ReleaseModelMetadata = (delegate* unmanaged<nint, void>)Slot(OrtApiSlot.ReleaseModelMetadata);

        GetBuildInfoString = (delegate* unmanaged<byte*>)Slot(OrtApiSlot.GetBuildInfoString);

        nint allocator;
        Check(GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;

        nint memoryInfo;
        Check(CreateCpuMemoryInfo(OrtDeviceAllocator, OrtMemTypeDefault, &memoryInfo));
        CpuMemoryInfo = new OrtMemoryInfoHandle(this, memoryInfo);
    }

    /// <summary>Full path of the loaded library.</summary>
    public string LibraryPath { get; }

    /// <summary>The runtime's own version string, e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>ORT's default CPU allocator: owned by the runtime, never released.</summary>
    public nint DefaultAllocator { get; }

    /// <summary>Describes caller-owned CPU memory wrapped by <see cref="CreateTensorWithDataAsOrtValue"/>.</summary>
    public OrtMemoryInfoHandle CpuMemoryInfo { get; }

    /// <summary>
    /// The process-wide runtime, loaded on first use from <paramref name="explicitLibraryPath"/> or the
    /// <see cref="OnnxRuntimeLibrary"/> search order. Later calls return it; asking for a different explicit file
    /// once one is loaded is a configuration error.
    /// </summary>
    public static OrtApi Shared(string? explicitLibraryPath)
    {
        lock (s_loadGate)
        {
            if (s_loaded is null)
            {
                var path = OnnxRuntimeLibrary.Locate(explicitLibraryPath);
                s_loaded = Load(path);
            }
            else if (!string.IsNullOrWhiteSpace(explicitLibraryPath)
                     && OnnxRuntimeLibrary.Locate(explicitLibraryPath) != s_loaded.LibraryPath)
            {
                throw new InvalidOperationException(
                    $"ONNX Runtime is already loaded from '{s_loaded.LibraryPath}'; it cannot also be loaded from '{explicitLibraryPath}'.");
            }

            return s_loaded;
        }
    }

    /// <summary>Loads the library at <paramref name="path"/> and binds its C API table of version <see cref="OrtApiTable.ApiVersion"/>.</summary>
    internal static OrtApi Load(string path)
    {
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            throw new OnnxRuntimeLibraryException(
                OrtErrorCode.Fail, $"'{path}' could not be loaded as the ONNX Runtime library: {ex.Message}", [path], ex);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            NativeLibrary.Free(library);
            throw new OnnxRuntimeLibraryException(
                OrtErrorCode.Fail, $"'{path}' is not an ONNX Runtime library: it does not export OrtGetApiBase.", [path]);
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        var apiBase = (nint*)((delegate* unmanaged<nint>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";

        var table = getApi(OrtApiTable.ApiVersion);
        if (table == 0)
        {
            NativeLibrary.Free(library);
            throw new OnnxRuntimeLibraryException(
                OrtErrorCode.Fail,
                $"ONNX Runtime {version} at '{path}' does not offer C API version {OrtApiTable.ApiVersion}; " +
                $"ONNX Runtime 1.{OrtApiTable.ApiVersion} or newer is required.",
                [path]);
        }

        return new OrtApi(path, table, version);
    }

    /// <summary>Throws the <see cref="OnnxRuntimeException"/> an <c>OrtStatus*</c> describes, releasing it; 0 is success.</summary>
    public void Check(nint status)
    {
        if (status != 0)
        {
            throw TakeError(status);
        }
    }

    /// <summary>Reads an error status into an exception and releases the status.</summary>
    public OnnxRuntimeException TakeError(nint status)
    {
        try
        {
            var code = GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? string.Empty;
            return new OnnxRuntimeException(code, message);
        }
        finally
        {
            ReleaseStatus(status);
        }
    }

    /// <summary>Copies a string ORT allocated with <see cref="DefaultAllocator"/>, then frees it through that allocator.</summary>
    public string TakeAllocatedString(byte* value)
    {
        using var buffer = new OrtAllocatedBuffer(this, (nint)value);
        return Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;
    }

    public string BuildInfo => Marshal.PtrToStringUTF8((nint)GetBuildInfoString()) ?? string.Empty;

    /// <summary>A null-terminated UTF-8 copy of <paramref name="value"/> for <c>const char*</c> parameters.</summary>
    public static byte[] Utf8(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private nint Slot(OrtApiSlot slot)
    {
        if ((int)slot >= OrtApiTable.MemberCount)
        {
            throw new InvalidOperationException($"OrtApi slot {slot} ({(int)slot}) is beyond API version {OrtApiTable.ApiVersion}.");
        }

        var function = ((nint*)_table)[(int)slot];
        return function != 0
            ? function
            : throw new OnnxRuntimeLibraryException(
                OrtErrorCode.Fail, $"ONNX Runtime {Version} at '{LibraryPath}' has no function in OrtApi slot {slot}.", [LibraryPath]);
    }
}
