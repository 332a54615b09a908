using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(OnnxRuntimeCollection.Name)]
public sealed class TensorTests(OnnxTestModels models)
{
    [Fact]
    public void Element_type_numbers_match_onnx_TensorProto()
    {
        var onnx = models.Oracle.GetProperty("tensor_proto_data_types").EnumerateObject()
            .Where(type => type.Value.GetInt32() <= (int)TensorElementType.BFloat16)
            .ToDictionary(type => type.Name.Replace("_", "", StringComparison.Ordinal), type => type.Value.GetInt32(), StringComparer.OrdinalIgnoreCase);

        Assert.Equal(onnx.Count, Enum.GetValues<TensorElementType>().Length);
        foreach (var type in Enum.GetValues<TensorElementType>())
        {
            Assert.Equal(onnx[type.ToString()], (int)type);
        }
    }

    [Fact]
    public void Dense_tensor_indexes_row_major_over_the_buffer_it_was_given()
    {
        var buffer = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        var tensor = new DenseTensor<float>(buffer, 2, 3, 4);

        Assert.Equal(1 * 12 + 2 * 4 + 3, tensor[1, 2, 3]);
        tensor[0, 1, 0] = -1;
        Assert.Equal(-1, buffer[4]);
        Assert.Equal(24, tensor.ElementCount);
        Assert.Equal(3, tensor.Rank);
        Assert.Equal(TensorElementType.Float, tensor.ElementType);
    }

    [Fact]
    public void Rows_of_the_first_dimension_share_the_buffer()
    {
        var buffer = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        var tensor = new DenseTensor<float>(buffer, 4, 3, 2);

        var rows = tensor.SliceRows(1, 2);
        rows[1, 2, 1] = -1;

        Assert.Equal([2L, 3, 2], rows.Shape.ToArray());
        Assert.Equal(buffer[6..18], rows.Span.ToArray());
        Assert.Equal(-1, buffer[17]);
        Assert.Empty(tensor.SliceRows(4, 0).Span.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => tensor.SliceRows(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => tensor.SliceRows(-1, 1));
        Assert.Throws<InvalidOperationException>(() => new DenseTensor<float>(new float[1]).SliceRows(0, 1));
    }

    [Fact]
    public void Buffer_that_does_not_fit_the_shape_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new DenseTensor<float>(new float[5], 2, 3));

        Assert.Contains("needs 6 elements", error.Message);
    }

    [Fact]
    public void Negative_dimensions_and_out_of_range_indices_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DenseTensor.Zeros<float>(2, -1));
        var tensor = DenseTensor.Zeros<long>(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => tensor[2, 0]);
        Assert.Throws<ArgumentException>(() => tensor[1]);
    }

    [Fact]
    public void Element_types_without_an_onnx_counterpart_are_rejected()
    {
        Assert.Throws<NotSupportedException>(() => DenseTensor.Zeros<decimal>(1));
    }

    [Fact]
    public void As_names_both_types_when_the_element_type_differs()
    {
        Tensor tensor = DenseTensor.Zeros<long>(1);

        var error = Assert.Throws<InvalidCastException>(() => tensor.As<float>());

        Assert.Contains("Int64", error.Message);
        Assert.Contains("Single", error.Message);
    }
}
