namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>ONNX's kinds of value (ORT's <c>ONNXType</c>).</summary>
public enum OnnxValueKind
{
    Unknown = 0,
    Tensor = 1,
    Sequence = 2,
    Map = 3,
    Opaque = 4,
    SparseTensor = 5,
    Optional = 6,
}

/// <summary>One dimension of a model input or output: a fixed size, or a symbolic or unknown one.</summary>
/// <param name="Size">The size when the model fixes it; otherwise null.</param>
/// <param name="Symbol">The symbolic name (e.g. "batch") when the model gives one; otherwise null.</param>
public readonly record struct OnnxDimension(long? Size, string? Symbol)
{
    public bool IsFixed => Size is not null;

    public override string ToString() => Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Symbol ?? "?";
}

/// <summary>A model input or output as the model declares it.</summary>
/// <param name="Name">The graph input or output name, used to address it in <see cref="OnnxSession.Run"/>.</param>
/// <param name="Kind">Tensor for every model this binding can run; other kinds are listed but not supported by Run.</param>
/// <param name="ElementType">The tensor element type; <see cref="TensorElementType.Undefined"/> for non-tensors.</param>
/// <param name="Shape">The declared dimensions; empty for scalars and non-tensors.</param>
public sealed record OnnxNodeMetadata(
    string Name, OnnxValueKind Kind, TensorElementType ElementType, IReadOnlyList<OnnxDimension> Shape)
{
    public override string ToString() => $"{Name}: {ElementType}[{string.Join(", ", Shape)}]";
}

/// <summary>The model-level metadata of an ONNX file (ModelProto fields and its <c>metadata_props</c>).</summary>
public sealed record OnnxModelMetadata(
    string ProducerName,
    string GraphName,
    string Domain,
    string Description,
    string GraphDescription,
    long Version,
    IReadOnlyDictionary<string, string> CustomMetadata);
