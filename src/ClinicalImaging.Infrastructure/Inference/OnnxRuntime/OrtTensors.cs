using System.Runtime.InteropServices;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>Moves tensors and their type information between managed code and <c>OrtValue</c>s.</summary>
internal static unsafe class OrtTensors
{
    /// <summary>
    /// Wraps <paramref name="tensor"/>'s buffer, pinned and not copied, in an <c>OrtValue</c> that keeps the pin
    /// until it is released.
    /// </summary>
    public static OrtValueHandle CreateValue(OrtApi api, Tensor tensor)
    {
        var pin = tensor.Pin();
        try
        {
            nint value;
            fixed (long* shape = tensor.ShapeArray)
            {
                api.Check(api.CreateTensorWithDataAsOrtValue(
                    api.CpuMemoryInfo.DangerousGetHandle(),
                    pin.Pointer,
                    (nuint)tensor.ByteLength,
                    shape,
                    (nuint)tensor.Rank,
                    (int)tensor.ElementType,
                    &value));
            }

            return new OrtValueHandle(api, value, pin);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>Copies an output <c>OrtValue</c> into a managed <see cref="DenseTensor{T}"/> of its element type.</summary>
    public static Tensor ReadValue(OrtApi api, OrtValueHandle value, string outputName)
    {
        var raw = value.DangerousGetHandle();
        int kind;
        api.Check(api.GetValueType(raw, &kind));
        if ((OnnxValueKind)kind != OnnxValueKind.Tensor)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented, $"Output '{outputName}' is a {(OnnxValueKind)kind}; only tensor outputs are supported.");
        }

        nint info;
        api.Check(api.GetTensorTypeAndShape(raw, &info));
        using var infoHandle = new OrtTensorTypeAndShapeInfoHandle(api, info);
        var (elementType, shape, _) = ReadTensorInfo(api, info);

        void* data;
        api.Check(api.GetTensorMutableData(raw, &data));
        return elementType switch
        {
            TensorElementType.Float => Copy<float>(data, shape),
            TensorElementType.UInt8 => Copy<byte>(data, shape),
            TensorElementType.Int8 => Copy<sbyte>(data, shape),
            TensorElementType.UInt16 => Copy<ushort>(data, shape),
            TensorElementType.Int16 => Copy<short>(data, shape),
            TensorElementType.Int32 => Copy<int>(data, shape),
            TensorElementType.Int64 => Copy<long>(data, shape),
            TensorElementType.Bool => Copy<bool>(data, shape),
            TensorElementType.Float16 => Copy<Half>(data, shape),
            TensorElementType.Double => Copy<double>(data, shape),
            TensorElementType.UInt32 => Copy<uint>(data, shape),
            TensorElementType.UInt64 => Copy<ulong>(data, shape),
            _ => throw new OnnxRuntimeException(
                OrtErrorCode.NotImplemented, $"Output '{outputName}' has {elementType} elements, which this binding does not read."),
        };
    }

    /// <summary>Describes a session input or output from its <c>OrtTypeInfo</c>.</summary>
    public static OnnxNodeMetadata ReadNodeMetadata(OrtApi api, string name, OrtTypeInfoHandle typeInfo)
    {
        var raw = typeInfo.DangerousGetHandle();
        int kind;
        api.Check(api.GetOnnxTypeFromTypeInfo(raw, &kind));
        if ((OnnxValueKind)kind != OnnxValueKind.Tensor)
        {
            return new OnnxNodeMetadata(name, (OnnxValueKind)kind, TensorElementType.Undefined, []);
        }

        // The tensor info belongs to the type info: it is not released on its own.
        nint tensorInfo;
        api.Check(api.CastTypeInfoToTensorInfo(raw, &tensorInfo));
        var (elementType, dimensions, symbols) = ReadTensorInfo(api, tensorInfo);
        var shape = new OnnxDimension[dimensions.Length];
        for (var axis = 0; axis < shape.Length; axis++)
        {
            // ORT reports -1 for a dimension that is not fixed, and "" for a dimension without a symbolic name.
            shape[axis] = new OnnxDimension(
                dimensions[axis] >= 0 ? dimensions[axis] : null,
                string.IsNullOrEmpty(symbols[axis]) ? null : symbols[axis]);
        }

        return new OnnxNodeMetadata(name, OnnxValueKind.Tensor, elementType, shape);
    }

    private static (TensorElementType ElementType, long[] Dimensions, string[] Symbols) ReadTensorInfo(OrtApi api, nint info)
    {
        int elementType;
        api.Check(api.GetTensorElementType(info, &elementType));
        nuint rank;
        api.Check(api.GetDimensionsCount(info, &rank));

        var dimensions = new long[(int)rank];
        var symbols = new string[(int)rank];
        if (rank > 0)
        {
            var symbolPointers = new nint[(int)rank];
            fixed (long* dimensionsPointer = dimensions)
            fixed (nint* symbolsPointer = symbolPointers)
            {
                api.Check(api.GetDimensions(info, dimensionsPointer, rank));
                // The symbol strings belong to the info object; copy them, never free them.
                api.Check(api.GetSymbolicDimensions(info, (byte**)symbolsPointer, rank));
            }

            for (var axis = 0; axis < symbols.Length; axis++)
            {
                symbols[axis] = Marshal.PtrToStringUTF8(symbolPointers[axis]) ?? string.Empty;
            }
        }

        return ((TensorElementType)elementType, dimensions, symbols);
    }

    private static DenseTensor<T> Copy<T>(void* data, long[] shape)
        where T : unmanaged
    {
        var tensor = DenseTensor.Zeros<T>(shape);
        if (tensor.ElementCount > 0)
        {
            new ReadOnlySpan<T>(data, tensor.ElementCount).CopyTo(tensor.Span);
        }

        return tensor;
    }
}
