namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// Tensor element types, numbered as ONNX's <c>TensorProto.DataType</c> (and ORT's <c>ONNXTensorElementDataType</c>).
/// <see cref="DenseTensor{T}"/> supports those with a .NET counterpart; see <see cref="TensorElementTypes"/>.
/// </summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>Maps .NET element types to <see cref="TensorElementType"/>.</summary>
public static class TensorElementTypes
{
    /// <summary>The element type of <typeparamref name="T"/>, or <see cref="TensorElementType.Undefined"/> when ONNX has none.</summary>
    public static TensorElementType Of<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? TensorElementType.Float
        : typeof(T) == typeof(byte) ? TensorElementType.UInt8
        : typeof(T) == typeof(sbyte) ? TensorElementType.Int8
        : typeof(T) == typeof(ushort) ? TensorElementType.UInt16
        : typeof(T) == typeof(short) ? TensorElementType.Int16
        : typeof(T) == typeof(int) ? TensorElementType.Int32
        : typeof(T) == typeof(long) ? TensorElementType.Int64
        : typeof(T) == typeof(bool) ? TensorElementType.Bool
        : typeof(T) == typeof(Half) ? TensorElementType.Float16
        : typeof(T) == typeof(double) ? TensorElementType.Double
        : typeof(T) == typeof(uint) ? TensorElementType.UInt32
        : typeof(T) == typeof(ulong) ? TensorElementType.UInt64
        : TensorElementType.Undefined;
}
