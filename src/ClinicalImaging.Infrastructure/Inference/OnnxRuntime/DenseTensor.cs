using System.Buffers;
using System.Runtime.CompilerServices;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>Factories for <see cref="DenseTensor{T}"/>.</summary>
public static class DenseTensor
{
    /// <summary>
    /// A zero-filled tensor of the given shape. (A factory, not a constructor, so that <c>new DenseTensor&lt;long&gt;(values)</c>
    /// can never read a buffer of longs as a shape.)
    /// </summary>
    public static DenseTensor<T> Zeros<T>(params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        // An invalid shape gets an empty buffer here; the constructor then rejects it with the full message.
        long count = 1;
        foreach (var dimension in shape)
        {
            count *= Math.Max(dimension, 0);
            if (count > Array.MaxLength)
            {
                count = 0;
                break;
            }
        }

        return new DenseTensor<T>(new T[count], shape);
    }
}

/// <summary>A dense, row-major tensor of <typeparamref name="T"/> over a <see cref="Memory{T}"/> buffer.</summary>
public sealed class DenseTensor<T> : Tensor
    where T : unmanaged
{
    private static readonly TensorElementType s_elementType = TensorElementTypes.Of<T>();

    /// <summary>A tensor over <paramref name="buffer"/> (not copied), which must hold exactly the shape's element count.</summary>
    public DenseTensor(Memory<T> buffer, params ReadOnlySpan<long> shape)
        : base(shape)
    {
        if (s_elementType == TensorElementType.Undefined)
        {
            throw new NotSupportedException($"{typeof(T).Name} is not an ONNX tensor element type.");
        }

        if (buffer.Length != ElementCount)
        {
            throw new ArgumentException(
                $"A tensor of shape [{string.Join(", ", shape.ToArray())}] needs {ElementCount} elements; the buffer has {buffer.Length}.",
                nameof(buffer));
        }

        Buffer = buffer;
    }

    public Memory<T> Buffer { get; }

    public Span<T> Span => Buffer.Span;

    public override TensorElementType ElementType => s_elementType;

    internal override int ByteLength => checked(ElementCount * Unsafe.SizeOf<T>());

    /// <summary>
    /// Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of the first dimension (a
    /// sub-batch): a tensor over the same buffer, not a copy.
    /// </summary>
    public DenseTensor<T> SliceRows(int start, int count)
    {
        var shape = Shape;
        if (shape.Length == 0)
        {
            throw new InvalidOperationException("A scalar has no rows.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, shape[0], nameof(count));
        var rowLength = shape[0] == 0 ? 0 : ElementCount / (int)shape[0];
        Span<long> rows = stackalloc long[shape.Length];
        shape.CopyTo(rows);
        rows[0] = count;
        return new DenseTensor<T>(Buffer.Slice(start * rowLength, count * rowLength), rows);
    }

    /// <summary>The element at the given row-major indices, one per dimension.</summary>
    public ref T this[params ReadOnlySpan<long> indices] => ref Span[FlatIndex(indices)];

    internal override MemoryHandle Pin() => Buffer.Pin();

    private int FlatIndex(ReadOnlySpan<long> indices)
    {
        var shape = Shape;
        if (indices.Length != shape.Length)
        {
            throw new ArgumentException($"The tensor has {shape.Length} dimensions; {indices.Length} indices were given.", nameof(indices));
        }

        long flat = 0;
        for (var axis = 0; axis < shape.Length; axis++)
        {
            if ((ulong)indices[axis] >= (ulong)shape[axis])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[axis], $"Index {indices[axis]} is outside dimension {axis} of size {shape[axis]}.");
            }

            flat = (flat * shape[axis]) + indices[axis];
        }

        return (int)flat;
    }
}
