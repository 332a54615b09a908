using System.Buffers;
using System.Runtime.InteropServices;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// Owns one native ONNX Runtime object and releases it exactly once through the matching <c>Release*</c> member,
/// on <see cref="SafeHandle.Dispose()"/> or, if forgotten, on finalisation. SafeHandle reference counting keeps an
/// object alive while a call that borrowed it (<see cref="SafeHandle.DangerousAddRef"/>) is still in native code.
/// </summary>
internal abstract unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;

    protected OrtHandle(OrtApi api, nint handle, delegate* unmanaged<nint, void> release)
        : base(invalidHandleValue: 0, ownsHandle: true)
    {
        Api = api;
        _release = release;
        SetHandle(handle);
    }

    protected OrtApi Api { get; }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        return true;
    }
}

/// <summary>
/// A reference to ORT's environment. ORT keeps one per process: creating another while one is alive returns the
/// same environment with its original settings. This handle tracks that, so a wrapper knows what it really got.
/// </summary>
internal sealed unsafe class OrtEnvHandle : OrtHandle
{
    private static readonly Lock s_gate = new();
    private static int s_liveReferences;
    private static bool s_liveHasSharedThreadPools;

    private OrtEnvHandle(OrtApi api, nint handle)
        : base(api, handle, api.ReleaseEnv)
    {
    }

    /// <summary>Whether the process's ORT environment, as first created, has shared thread pools.</summary>
    public bool HasSharedThreadPools { get; private init; }

    /// <summary>
    /// Calls <paramref name="create"/> (a <c>CreateEnv*</c> variant that returns the environment) and records whether the
    /// environment is new, and so made with <paramref name="requestsSharedThreadPools"/>, or the live one.
    /// </summary>
    public static OrtEnvHandle CreateOrJoin(OrtApi api, bool requestsSharedThreadPools, Func<nint> create)
    {
        lock (s_gate)
        {
            var handle = new OrtEnvHandle(api, create())
            {
                HasSharedThreadPools = s_liveReferences == 0 ? requestsSharedThreadPools : s_liveHasSharedThreadPools,
            };
            s_liveHasSharedThreadPools = handle.HasSharedThreadPools;
            s_liveReferences++;
            return handle;
        }
    }

    protected override bool ReleaseHandle()
    {
        lock (s_gate)
        {
            s_liveReferences--;
            return base.ReleaseHandle();
        }
    }
}

internal sealed unsafe class OrtThreadingOptionsHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseThreadingOptions);

internal sealed unsafe class OrtSessionOptionsHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseSessionOptions);

internal sealed unsafe class OrtRunOptionsHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseRunOptions)
{
    /// <summary>Asks every Run using these options to stop as soon as it can (it then fails with ORT's status).</summary>
    public void Terminate() => Api.Check(Api.RunOptionsSetTerminate(handle));
}

internal sealed unsafe class OrtMemoryInfoHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseMemoryInfo);

internal sealed unsafe class OrtTypeInfoHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseTypeInfo);

internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle(OrtApi api, nint handle)
    : OrtHandle(api, handle, api.ReleaseTensorTypeAndShapeInfo);

internal sealed unsafe class OrtModelMetadataHandle(OrtApi api, nint handle) : OrtHandle(api, handle, api.ReleaseModelMetadata);

/// <summary>A string or array ORT allocated with its default allocator for the caller; freed through that allocator.</summary>
internal sealed unsafe class OrtAllocatedBuffer(OrtApi api, nint handle) : OrtHandle(api, handle, release: null)
{
    protected override bool ReleaseHandle() => Api.AllocatorFree(Api.DefaultAllocator, (void*)handle) == 0;
}

/// <summary>
/// A session, which also holds a reference on its environment so the environment cannot be released under it.
/// </summary>
internal sealed unsafe class OrtSessionHandle : OrtHandle
{
    private readonly OrtEnvHandle _environment;

    /// <param name="environment">Already AddRef'ed by the caller; released with the session.</param>
    public OrtSessionHandle(OrtApi api, nint handle, OrtEnvHandle environment)
        : base(api, handle, api.ReleaseSession)
    {
        _environment = environment;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        _environment.DangerousRelease();
        return true;
    }
}

/// <summary>
/// An <c>OrtValue</c>. When it wraps caller memory (<see cref="OrtApi.CreateTensorWithDataAsOrtValue"/>), it owns the
/// pin on that memory too and drops it only after ORT has released the value, so ORT never sees moved memory.
/// </summary>
internal sealed unsafe class OrtValueHandle : OrtHandle
{
    private MemoryHandle _pin;

    public OrtValueHandle(OrtApi api, nint handle, MemoryHandle pin = default)
        : base(api, handle, api.ReleaseValue)
    {
        _pin = pin;
    }

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        _pin.Dispose();
        return true;
    }
}
