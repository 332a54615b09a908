using System.Buffers;

namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// A dense, row-major tensor in managed memory: a shape and a buffer of <see cref="ElementCount"/> elements.
/// Model inputs are handed to ONNX Runtime in place (pinned, not copied) for the duration of a run.
/// </summary>
public abstract class Tensor
{
    private readonly long[] _shape;

    private protected Tensor(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor dimensions must be zero or more; shape [{string.Join(", ", shape.ToArray())}] is not.", nameof(shape));
            }

            count *= dimension;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Tensor shape [{string.Join(", ", shape.ToArray())}] has more elements than a managed buffer can hold.", nameof(shape));
            }
        }

        _shape = shape.ToArray();
        ElementCount = (int)count;
    }

    /// <summary>The dimensions, outermost first. A scalar has none.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>The product of the dimensions.</summary>
    public int ElementCount { get; }

    public abstract TensorElementType ElementType { get; }

    internal long[] ShapeArray => _shape;

    internal abstract int ByteLength { get; }

    /// <summary>Pins the buffer so native code can use it in place until the returned handle is disposed.</summary>
    internal abstract MemoryHandle Pin();

    /// <summary>This tensor as a <see cref="DenseTensor{T}"/>; throws <see cref="InvalidCastException"/> naming both types when the element type differs.</summary>
    public DenseTensor<T> As<T>()
        where T : unmanaged =>
        this as DenseTensor<T>
        ?? throw new InvalidCastException($"The tensor holds {ElementType} elements, not {typeof(T).Name} ({TensorElementTypes.Of<T>()}).");

    public override string ToString() => $"{ElementType}[{string.Join(", ", _shape)}]";
}
