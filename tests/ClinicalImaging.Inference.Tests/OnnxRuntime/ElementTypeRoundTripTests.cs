using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(OnnxRuntimeCollection.Name)]
public sealed class ElementTypeRoundTripTests(OnnxTestModels models)
{
    [Fact]
    public void Every_supported_element_type_passes_through_the_runtime_unchanged()
    {
        using var session = models.Load("identity_all_types");
        var inputs = new Dictionary<string, Tensor>
        {
            ["in_FLOAT"] = Tensor<float>(-1.5f, 0, float.MaxValue, float.Epsilon),
            ["in_UINT8"] = Tensor<byte>(0, 1, 128, 255),
            ["in_INT8"] = Tensor<sbyte>(sbyte.MinValue, -1, 0, sbyte.MaxValue),
            ["in_UINT16"] = Tensor<ushort>(0, 1, 40000, ushort.MaxValue),
            ["in_INT16"] = Tensor<short>(short.MinValue, -1, 0, short.MaxValue),
            ["in_INT32"] = Tensor<int>(int.MinValue, -1, 0, int.MaxValue),
            ["in_INT64"] = Tensor<long>(long.MinValue, -1, 0, long.MaxValue),
            ["in_BOOL"] = Tensor<bool>(true, false, false, true),
            ["in_FLOAT16"] = Tensor<Half>((Half)(-2.5), Half.Zero, Half.MaxValue, Half.Epsilon),
            ["in_DOUBLE"] = Tensor<double>(-1e300, 0, Math.PI, double.Epsilon),
            ["in_UINT32"] = Tensor<uint>(0, 1, 3_000_000_000, uint.MaxValue),
            ["in_UINT64"] = Tensor<ulong>(0, 1, 10_000_000_000_000_000_000, ulong.MaxValue),
        };

        var outputs = session.Run(inputs);

        var types = models.Oracle.GetProperty("identity_all_types").GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(types.Count, inputs.Count);
        foreach (var type in types)
        {
            var input = inputs[$"in_{type}"];
            var output = outputs[$"out_{type}"];
            Assert.Equal(type, output.ElementType.ToString(), ignoreCase: true);
            Assert.Equal(input.ElementType, session.InputMetadata.Single(node => node.Name == $"in_{type}").ElementType);
            Assert.Equal([2, 2], output.Shape.ToArray());
            Assert.True(SameContents(input, output), $"{type} changed on its way through ONNX Runtime");
        }
    }

    private static DenseTensor<T> Tensor<T>(params T[] values)
        where T : unmanaged => new(values, 2, 2);

    private static bool SameContents(Tensor expected, Tensor actual) => expected switch
    {
        DenseTensor<float> t => Same(t, actual),
        DenseTensor<byte> t => Same(t, actual),
        DenseTensor<sbyte> t => Same(t, actual),
        DenseTensor<ushort> t => Same(t, actual),
        DenseTensor<short> t => Same(t, actual),
        DenseTensor<int> t => Same(t, actual),
        DenseTensor<long> t => Same(t, actual),
        DenseTensor<bool> t => Same(t, actual),
        DenseTensor<Half> t => Same(t, actual),
        DenseTensor<double> t => Same(t, actual),
        DenseTensor<uint> t => Same(t, actual),
        DenseTensor<ulong> t => Same(t, actual),
        _ => throw new ArgumentException($"unexpected {expected}", nameof(expected)),
    };

    private static bool Same<T>(DenseTensor<T> expected, Tensor actual)
        where T : unmanaged, IEquatable<T> => expected.Span.SequenceEqual(actual.As<T>().Span);
}
