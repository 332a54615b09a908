using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// One loaded ONNX model (<c>OrtSession</c>). Load it once and share it: <see cref="Run"/> may be called from many
/// threads at once (ORT sessions are thread-safe for Run), and <see cref="Dispose"/> waits for runs still in native
/// code before the session is released.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    // Above this many inputs or outputs, per-run pointer arrays go on the heap instead of the stack.
    private const int StackAllocLimit = 32;

    private readonly OrtApi _api;
    private readonly OrtSessionHandle _handle;
    private readonly NativeNames _inputNames;
    private readonly NativeNames _outputNames;

    private OnnxSession(OrtApi api, OrtSessionHandle handle)
    {
        _api = api;
        _handle = handle;
        var session = handle.DangerousGetHandle();
        InputMetadata = ReadNodes(session, api.SessionGetInputCount, api.SessionGetInputName, api.SessionGetInputTypeInfo);
        OutputMetadata = ReadNodes(session, api.SessionGetOutputCount, api.SessionGetOutputName, api.SessionGetOutputTypeInfo);
        ModelMetadata = ReadModelMetadata(session);
        _inputNames = new NativeNames(InputMetadata);
        _outputNames = new NativeNames(OutputMetadata);
    }

    private delegate nint CreateNativeSession(nint environment, nint sessionOptions, nint* session);

    /// <summary>The model's inputs, in graph order.</summary>
    public IReadOnlyList<OnnxNodeMetadata> InputMetadata { get; }

    /// <summary>The model's outputs, in graph order.</summary>
    public IReadOnlyList<OnnxNodeMetadata> OutputMetadata { get; }

    public OnnxModelMetadata ModelMetadata { get; }

    /// <summary>Loads a model file. ORT's errors (missing file, invalid model) surface as <see cref="OnnxRuntimeException"/>.</summary>
    public static OnnxSession Load(OnnxRuntimeEnvironment environment, string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        var api = environment.Api;
        var nativePath = NativePath(modelPath);
        return Open(environment, options, (env, sessionOptions, session) =>
        {
            fixed (byte* path = nativePath)
            {
                return api.CreateSession(env, path, sessionOptions, session);
            }
        });
    }

    /// <summary>Loads a model from its serialized bytes (ORT copies what it needs; the bytes may be reused afterwards).</summary>
    public static OnnxSession Load(OnnxRuntimeEnvironment environment, ReadOnlyMemory<byte> model, OnnxSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var api = environment.Api;
        return Open(environment, options, (env, sessionOptions, session) =>
        {
            using var pin = model.Pin();
            return api.CreateSessionFromArray(env, pin.Pointer, (nuint)model.Length, sessionOptions, session);
        });
    }

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> are used in place (pinned, not copied) for the duration of the call.
    /// </summary>
    /// <param name="inputs">A tensor for each model input, by input name.</param>
    /// <param name="outputNames">The outputs to return, e.g. only a CAM target layer's activations and the logits;
    /// null for all outputs.</param>
    /// <param name="options">Log severity and tag for this run.</param>
    /// <param name="cancellationToken">Cancelling asks ORT to stop the run; it then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The requested outputs, by name, in the order requested (graph order when <paramref name="outputNames"/> is null),
    /// copied into managed memory.</returns>
    /// <exception cref="OnnxRuntimeException">A missing input, an unknown input or output name, or ORT's own error (wrong shape or type…).</exception>
    public IReadOnlyDictionary<string, Tensor> Run(
        IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyList<string>? outputNames = null,
        OnnxRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputCount = outputNames?.Count ?? OutputMetadata.Count;
        var outputIndices = outputCount <= StackAllocLimit ? stackalloc int[outputCount] : new int[outputCount];
        ResolveOutputs(outputNames, outputIndices);
        return RunCore(inputs, outputIndices, preallocated: null, options, cancellationToken)!;
    }

    /// <summary>
    /// Runs the model and has ORT write each output named in <paramref name="outputs"/> straight into that caller-owned
    /// tensor (pinned for the call, never copied), so a caller that reuses its buffers allocates nothing per run.
    /// Each tensor must have the element type and the exact shape the output will have; ORT fails the run otherwise.
    /// </summary>
    /// <param name="inputs">A tensor for each model input, by input name; used in place.</param>
    /// <param name="outputs">The outputs to compute, by output name, each with the tensor to fill.</param>
    /// <param name="options">Log severity and tag for this run.</param>
    /// <param name="cancellationToken">Cancelling asks ORT to stop the run; it then throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="OnnxRuntimeException">A missing input, an unknown name, or ORT's own error (a wrong shape or type…).</exception>
    public void Run(
        IReadOnlyDictionary<string, Tensor> inputs,
        IReadOnlyDictionary<string, Tensor> outputs,
        OnnxRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var outputCount = outputs.Count;
        var outputIndices = outputCount <= StackAllocLimit ? stackalloc int[outputCount] : new int[outputCount];
        var targets = new Tensor[outputCount];
        var position = 0;
        foreach (var (name, tensor) in outputs)
        {
            ArgumentNullException.ThrowIfNull(tensor, $"{nameof(outputs)}[{name}]");
            outputIndices[position] = IndexOf(_outputNames, name, "output");
            targets[position] = tensor;
            position++;
        }

        RunCore(inputs, outputIndices, targets, options, cancellationToken);
    }

    /// <summary>
    /// One native run. Outputs with a <paramref name="preallocated"/> tensor are written into it; otherwise ORT allocates
    /// them and they are copied out and released (the result is null when every output was preallocated).
    /// </summary>
    private Dictionary<string, Tensor>? RunCore(
        IReadOnlyDictionary<string, Tensor> inputs,
        ReadOnlySpan<int> outputIndices,
        Tensor[]? preallocated,
        OnnxRunOptions? options,
        CancellationToken cancellationToken)
    {
        var inputCount = inputs.Count;
        if (inputCount < InputMetadata.Count)
        {
            // ORT itself would start the run and fail in the first node that reads the missing input.
            var missing = InputMetadata.Where(node => !inputs.ContainsKey(node.Name)).Select(node => $"'{node.Name}'");
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, $"The model's input(s) {string.Join(", ", missing)} were not given.");
        }

        var outputCount = outputIndices.Length;
        Span<nint> inputNamePointers = inputCount <= StackAllocLimit ? stackalloc nint[inputCount] : new nint[inputCount];
        Span<nint> inputValuePointers = inputCount <= StackAllocLimit ? stackalloc nint[inputCount] : new nint[inputCount];
        Span<nint> outputNamePointers = outputCount <= StackAllocLimit ? stackalloc nint[outputCount] : new nint[outputCount];
        Span<nint> outputValuePointers = outputCount <= StackAllocLimit ? stackalloc nint[outputCount] : new nint[outputCount];
        outputValuePointers.Clear();
        for (var i = 0; i < outputCount; i++)
        {
            outputNamePointers[i] = _outputNames.Pointer(outputIndices[i]);
        }

        var inputValues = new OrtValueHandle?[inputCount];
        var outputValues = new OrtValueHandle?[outputCount];
        var sessionAdded = false;
        try
        {
            var position = 0;
            foreach (var (name, tensor) in inputs)
            {
                ArgumentNullException.ThrowIfNull(tensor, $"{nameof(inputs)}[{name}]");
                inputNamePointers[position] = _inputNames.Pointer(IndexOf(_inputNames, name, "input"));
                var value = OrtTensors.CreateValue(_api, tensor);
                inputValues[position] = value;
                inputValuePointers[position] = value.DangerousGetHandle();
                position++;
            }

            for (var i = 0; preallocated is not null && i < outputCount; i++)
            {
                // ORT writes into a non-null output value instead of allocating one.
                outputValues[i] = OrtTensors.CreateValue(_api, preallocated[i]);
                outputValuePointers[i] = outputValues[i]!.DangerousGetHandle();
            }

            using var runOptions = CreateRunOptions(options, cancellationToken);
            using var cancellation = runOptions is null ? default : cancellationToken.Register(runOptions.Terminate);
            _handle.DangerousAddRef(ref sessionAdded);
            nint status;
            fixed (nint* inputNamesPointer = inputNamePointers)
            fixed (nint* inputValuesPointer = inputValuePointers)
            fixed (nint* outputNamesPointer = outputNamePointers)
            fixed (nint* outputValuesPointer = outputValuePointers)
            {
                status = _api.Run(
                    _handle.DangerousGetHandle(),
                    runOptions?.DangerousGetHandle() ?? 0,
                    inputNamesPointer,
                    inputValuesPointer,
                    (nuint)inputCount,
                    outputNamesPointer,
                    (nuint)outputCount,
                    outputValuesPointer);
            }

            // Own every output ORT produced before anything else can throw.
            for (var i = 0; i < outputCount; i++)
            {
                outputValues[i] ??= outputValuePointers[i] != 0 ? new OrtValueHandle(_api, outputValuePointers[i]) : null;
            }

            if (status != 0)
            {
                var error = _api.TakeError(status);
                cancellationToken.ThrowIfCancellationRequested();
                throw error;
            }

            if (preallocated is not null)
            {
                return null;
            }

            var results = new Dictionary<string, Tensor>(outputCount, StringComparer.Ordinal);
            for (var i = 0; i < outputCount; i++)
            {
                var name = OutputMetadata[outputIndices[i]].Name;
                results.Add(name, OrtTensors.ReadValue(_api, outputValues[i]!, name));
            }

            return results;
        }
        finally
        {
            foreach (var value in outputValues)
            {
                value?.Dispose();
            }

            foreach (var value in inputValues)
            {
                value?.Dispose();
            }

            if (sessionAdded)
            {
                _handle.DangerousRelease();
            }

            // The name buffers must outlive the native call.
            GC.KeepAlive(this);
        }
    }

    /// <summary>
    /// Stops the profiling that <see cref="OnnxSessionOptions.ProfileFilePrefix"/> started, writes ORT's profile (Chrome
    /// trace JSON: one event per node per run, with its kernel and thread) and returns that file's path.
    /// </summary>
    public string EndProfiling()
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            byte* file;
            _api.Check(_api.SessionEndProfiling(_handle.DangerousGetHandle(), _api.DefaultAllocator, &file));
            return _api.TakeAllocatedString(file);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>A file path as <c>ORTCHAR_T*</c>: wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere, null-terminated.</summary>
    private static byte[] NativePath(string path)
    {
        var fullPath = Path.GetFullPath(path);
        return OperatingSystem.IsWindows()
            ? MemoryMarshal.AsBytes((fullPath + '\0').AsSpan()).ToArray()
            : OrtApi.Utf8(fullPath);
    }

    private static OnnxSession Open(OnnxRuntimeEnvironment environment, OnnxSessionOptions? options, CreateNativeSession create)
    {
        var api = environment.Api;
        using var sessionOptions = CreateSessionOptions(api, options ?? new OnnxSessionOptions(), environment.HasSharedThreadPools);
        var environmentAdded = false;
        OrtSessionHandle handle;
        try
        {
            environment.Handle.DangerousAddRef(ref environmentAdded);
            nint session;
            api.Check(create(environment.Handle.DangerousGetHandle(), sessionOptions.DangerousGetHandle(), &session));
            handle = new OrtSessionHandle(api, session, environment.Handle);
        }
        catch
        {
            if (environmentAdded)
            {
                environment.Handle.DangerousRelease();
            }

            throw;
        }

        try
        {
            return new OnnxSession(api, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OrtSessionOptionsHandle CreateSessionOptions(OrtApi api, OnnxSessionOptions options, bool environmentHasSharedPools)
    {
        nint raw;
        api.Check(api.CreateSessionOptions(&raw));
        var handle = new OrtSessionOptionsHandle(api, raw);
        try
        {
            if (environmentHasSharedPools && options.UseSharedThreadPools)
            {
                api.Check(api.DisablePerSessionThreads(raw));
            }
            else
            {
                var pools = options.ThreadPools;
                api.Check(api.SetIntraOpNumThreads(raw, pools.IntraOpThreadCount));
                api.Check(api.SetInterOpNumThreads(raw, pools.InterOpThreadCount));
                if (pools.AllowSpinning is { } spinning)
                {
                    var value = spinning ? "1" : "0";
                    AddConfigEntry(api, raw, "session.intra_op.allow_spinning", value);
                    AddConfigEntry(api, raw, "session.inter_op.allow_spinning", value);
                }
            }

            api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimizationLevel));
            api.Check(api.SetSessionExecutionMode(raw, (int)options.ExecutionMode));
            if (options.LogSeverityLevel is { } level)
            {
                api.Check(api.SetSessionLogSeverityLevel(raw, (int)level));
            }

            if (options.OptimizedModelFilePath is { } optimized)
            {
                fixed (byte* path = NativePath(optimized))
                {
                    api.Check(api.SetOptimizedModelFilePath(raw, path));
                }
            }

            if (options.ProfileFilePrefix is { } profile)
            {
                fixed (byte* prefix = NativePath(profile))
                {
                    api.Check(api.EnableProfiling(raw, prefix));
                }
            }

            if (options.LogId is { } logId)
            {
                fixed (byte* id = OrtApi.Utf8(logId))
                {
                    api.Check(api.SetSessionLogId(raw, id));
                }
            }

            foreach (var (key, value) in options.ConfigEntries)
            {
                AddConfigEntry(api, raw, key, value);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sets one of ORT's string-keyed session settings (onnxruntime_session_options_config_keys.h).</summary>
    private static void AddConfigEntry(OrtApi api, nint sessionOptions, string key, string value)
    {
        fixed (byte* keyPointer = OrtApi.Utf8(key))
        fixed (byte* valuePointer = OrtApi.Utf8(value))
        {
            api.Check(api.AddSessionConfigEntry(sessionOptions, keyPointer, valuePointer));
        }
    }

    /// <summary>Native run options, needed only for per-run settings or to make the run cancellable.</summary>
    private OrtRunOptionsHandle? CreateRunOptions(OnnxRunOptions? options, CancellationToken cancellationToken)
    {
        if (options is null && !cancellationToken.CanBeCanceled)
        {
            return null;
        }

        nint raw;
        _api.Check(_api.CreateRunOptions(&raw));
        var handle = new OrtRunOptionsHandle(_api, raw);
        try
        {
            if (options?.LogSeverityLevel is { } level)
            {
                _api.Check(_api.RunOptionsSetRunLogSeverityLevel(raw, (int)level));
            }

            if (options?.Tag is { } tag)
            {
                fixed (byte* tagPointer = OrtApi.Utf8(tag))
                {
                    _api.Check(_api.RunOptionsSetRunTag(raw, tagPointer));
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void ResolveOutputs(IReadOnlyList<string>? outputNames, Span<int> indices)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            var index = outputNames is null ? i : IndexOf(_outputNames, outputNames[i], "output");
            if (indices[..i].Contains(index))
            {
                throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, $"Output '{outputNames![i]}' is requested more than once.");
            }

            indices[i] = index;
        }
    }

    private static int IndexOf(NativeNames names, string name, string role) =>
        names.IndexOf(name) is var index and >= 0
            ? index
            : throw new OnnxRuntimeException(
                OrtErrorCode.InvalidArgument,
                $"The model has no {role} named '{name}'; its {role}s are: {string.Join(", ", names.Names)}.");

    private OnnxNodeMetadata[] ReadNodes(
        nint session,
        delegate* unmanaged<nint, nuint*, nint> getCount,
        delegate* unmanaged<nint, nuint, nint, byte**, nint> getName,
        delegate* unmanaged<nint, nuint, nint*, nint> getTypeInfo)
    {
        nuint count;
        _api.Check(getCount(session, &count));
        var nodes = new OnnxNodeMetadata[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            _api.Check(getName(session, i, _api.DefaultAllocator, &rawName));
            var name = _api.TakeAllocatedString(rawName);

            nint typeInfo;
            _api.Check(getTypeInfo(session, i, &typeInfo));
            using var typeInfoHandle = new OrtTypeInfoHandle(_api, typeInfo);
            nodes[(int)i] = OrtTensors.ReadNodeMetadata(_api, name, typeInfoHandle);
        }

        return nodes;
    }

    private OnnxModelMetadata ReadModelMetadata(nint session)
    {
        nint raw;
        _api.Check(_api.SessionGetModelMetadata(session, &raw));
        using var metadata = new OrtModelMetadataHandle(_api, raw);

        long version;
        _api.Check(_api.ModelMetadataGetVersion(raw, &version));

        byte** keys;
        long keyCount;
        _api.Check(_api.ModelMetadataGetCustomMetadataMapKeys(raw, _api.DefaultAllocator, &keys, &keyCount));
        var custom = new Dictionary<string, string>((int)keyCount, StringComparer.Ordinal);
        using (new OrtAllocatedBuffer(_api, (nint)keys))
        {
            // Take every key first, so each is freed even if a lookup fails.
            var keyNames = new string[keyCount];
            for (var i = 0; i < keyNames.Length; i++)
            {
                keyNames[i] = _api.TakeAllocatedString(keys[i]);
            }

            foreach (var key in keyNames)
            {
                byte* value;
                fixed (byte* keyPointer = OrtApi.Utf8(key))
                {
                    _api.Check(_api.ModelMetadataLookupCustomMetadataMap(raw, _api.DefaultAllocator, keyPointer, &value));
                }

                custom[key] = value is null ? string.Empty : _api.TakeAllocatedString(value);
            }
        }

        return new OnnxModelMetadata(
            ProducerName: ReadString(raw, _api.ModelMetadataGetProducerName),
            GraphName: ReadString(raw, _api.ModelMetadataGetGraphName),
            Domain: ReadString(raw, _api.ModelMetadataGetDomain),
            Description: ReadString(raw, _api.ModelMetadataGetDescription),
            GraphDescription: ReadString(raw, _api.ModelMetadataGetGraphDescription),
            Version: version,
            CustomMetadata: custom);
    }

    private string ReadString(nint metadata, delegate* unmanaged<nint, nint, byte**, nint> getter)
    {
        byte* value;
        _api.Check(getter(metadata, _api.DefaultAllocator, &value));
        return _api.TakeAllocatedString(value);
    }

    /// <summary>Input or output names as null-terminated UTF-8 in pinned arrays, so Run passes them without marshalling.</summary>
    private sealed class NativeNames
    {
        private readonly byte[][] _utf8;

        public NativeNames(IReadOnlyList<OnnxNodeMetadata> nodes)
        {
            Names = nodes.Select(node => node.Name).ToArray();
            _utf8 = new byte[Names.Length][];
            for (var i = 0; i < Names.Length; i++)
            {
                var bytes = OrtApi.Utf8(Names[i]);
                _utf8[i] = GC.AllocateArray<byte>(bytes.Length, pinned: true);
                bytes.CopyTo(_utf8[i], 0);
            }
        }

        public string[] Names { get; }

        public int IndexOf(string name) => Array.IndexOf(Names, name);

        public nint Pointer(int index) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_utf8[index]));
    }
}
