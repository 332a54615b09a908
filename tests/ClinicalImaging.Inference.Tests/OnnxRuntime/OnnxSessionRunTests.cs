using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(OnnxRuntimeCollection.Name)]
public sealed class OnnxSessionRunTests(OnnxTestModels models)
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void Linear_softmax_batch_matches_numpy()
    {
        using var session = models.Load("linear_softmax");
        var oracle = models.Oracle.GetProperty("linear_softmax");
        var x = new DenseTensor<float>(oracle.GetProperty("x").Floats(), oracle.GetProperty("x_shape").Longs());

        var outputs = session.Run(new Dictionary<string, Tensor> { ["x"] = x });

        Assert.Equal(["logits", "probabilities"], outputs.Keys);
        var outputShape = oracle.GetProperty("output_shape").Longs();
        AssertClose(oracle.GetProperty("logits").Floats(), outputShape, outputs["logits"].As<float>());
        AssertClose(oracle.GetProperty("probabilities").Floats(), outputShape, outputs["probabilities"].As<float>());
    }

    [Fact]
    public void Only_the_requested_outputs_are_returned()
    {
        using var session = models.Load("conv_relu");
        var oracle = models.Oracle.GetProperty("conv_relu");
        var x = new DenseTensor<float>(oracle.GetProperty("x").Floats(), oracle.GetProperty("x_shape").Longs());

        var outputs = session.Run(new Dictionary<string, Tensor> { ["x"] = x }, ["score", "activations"]);

        Assert.Equal(["score", "activations"], outputs.Keys);
        AssertClose(oracle.GetProperty("activations").Floats(), oracle.GetProperty("activations_shape").Longs(), outputs["activations"].As<float>());
        AssertClose(oracle.GetProperty("score").Floats(), oracle.GetProperty("score_shape").Longs(), outputs["score"].As<float>());

        var activationsOnly = session.Run(new Dictionary<string, Tensor> { ["x"] = x }, ["activations"]);
        Assert.Equal(["activations"], activationsOnly.Keys);
    }

    [Fact]
    public void Outputs_given_as_tensors_are_written_in_place_by_the_runtime()
    {
        using var session = models.Load("conv_relu");
        var (oracle, inputs) = ConvReluInputs();
        var activationsShape = oracle.GetProperty("activations_shape").Longs();
        var scoreShape = oracle.GetProperty("score_shape").Longs();
        var activations = new float[activationsShape.Aggregate(1L, (a, b) => a * b)];
        var score = new float[scoreShape.Aggregate(1L, (a, b) => a * b)];
        Array.Fill(activations, float.NaN);
        Array.Fill(score, float.NaN);

        session.Run(inputs, new Dictionary<string, Tensor>
        {
            ["activations"] = new DenseTensor<float>(activations, activationsShape),
            ["score"] = new DenseTensor<float>(score, scoreShape),
        });

        AssertClose(oracle.GetProperty("activations").Floats(), activationsShape, new DenseTensor<float>(activations, activationsShape));
        AssertClose(oracle.GetProperty("score").Floats(), scoreShape, new DenseTensor<float>(score, scoreShape));
        Assert.Equal(session.Run(inputs, ["activations"])["activations"].As<float>().Span.ToArray(), activations);
    }

    [Fact]
    public void An_output_tensor_of_the_wrong_shape_gives_the_runtime_error()
    {
        using var session = models.Load("conv_relu");
        var (oracle, inputs) = ConvReluInputs();
        var scoreShape = oracle.GetProperty("score_shape").Longs();
        scoreShape[^1]++;

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(inputs, new Dictionary<string, Tensor> { ["score"] = DenseTensor.Zeros<float>(scoreShape) }));
        var unknown = Assert.Throws<OnnxRuntimeException>(() => session.Run(inputs, new Dictionary<string, Tensor> { ["heatmap"] = DenseTensor.Zeros<float>(1) }));

        Assert.Contains("invalid dimensions for output: score", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'heatmap'", unknown.Message);
    }

    [Fact]
    public void Profiling_writes_a_trace_of_every_node_and_the_optimised_graph_is_saved()
    {
        var folder = Directory.CreateTempSubdirectory("clinicalimaging-ort-profile-");
        try
        {
            var optimised = Path.Combine(folder.FullName, "optimised.onnx");
            using var session = OnnxSession.Load(models.Environment, models.PathOf("conv_relu"), OnnxTestModels.SessionOptions with
            {
                ProfileFilePrefix = Path.Combine(folder.FullName, "conv_relu"),
                OptimizedModelFilePath = optimised,
            });
            session.Run(ConvReluInputs().Inputs);

            var profile = session.EndProfiling();

            Assert.StartsWith(folder.FullName, profile, StringComparison.Ordinal);
            using var trace = System.Text.Json.JsonDocument.Parse(File.ReadAllText(profile));
            var nodeEvents = trace.RootElement.EnumerateArray().Where(e => e.TryGetProperty("cat", out var cat) && cat.GetString() == "Node").ToArray();
            Assert.Contains(nodeEvents, e => e.GetProperty("args").GetProperty("op_name").GetString() == "Conv");
            using var reloaded = OnnxSession.Load(models.Environment, optimised, OnnxTestModels.SessionOptions);
            Assert.Equal(session.OutputMetadata.Select(o => o.Name), reloaded.OutputMetadata.Select(o => o.Name));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Int64_tensors_round_trip_like_numpy()
    {
        using var session = models.Load("int64_add");
        var oracle = models.Oracle.GetProperty("int64_add");
        var a = oracle.GetProperty("a").Longs();

        var sum = session.Run(new Dictionary<string, Tensor> { ["a"] = new DenseTensor<long>(a, a.Length) })["sum"].As<long>();

        Assert.Equal(oracle.GetProperty("sum").Longs(), sum.Span.ToArray());
        Assert.Equal([a.Length], sum.Shape.ToArray());
    }

    [Fact]
    public void Input_memory_is_used_in_place_without_a_copy()
    {
        var data = new float[] { 1, 2, 3, 4 };
        var tensor = new DenseTensor<float>(data, 2, 2);
        var api = models.Environment.Api;

        using var value = OrtTensors.CreateValue(api, tensor);

        unsafe
        {
            void* native;
            api.Check(api.GetTensorMutableData(value.DangerousGetHandle(), &native));
            data[3] = 42;
            fixed (float* managed = data)
            {
                Assert.Equal((nint)managed, (nint)native);
            }

            Assert.Equal(42, ((float*)native)[3]);
        }
    }

    [Fact]
    public void Wrong_input_shape_gives_the_runtime_error_not_a_crash()
    {
        using var session = models.Load("linear_softmax");
        var declaredWidth = session.InputMetadata[0].Shape[1].Size;
        var tooWide = DenseTensor.Zeros<float>(2, declaredWidth!.Value + 1);

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = tooWide }));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("invalid dimensions", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_element_type_gives_the_runtime_error()
    {
        using var session = models.Load("linear_softmax");

        var error = Assert.Throws<OnnxRuntimeException>(
            () => session.Run(new Dictionary<string, Tensor> { ["x"] = DenseTensor.Zeros<long>(1, 4) }));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("tensor(float)", error.Message);
    }

    [Fact]
    public void Missing_input_is_rejected_naming_it()
    {
        using var session = models.Load("linear_softmax");

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(new Dictionary<string, Tensor>()));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("'x'", error.Message);
    }

    [Fact]
    public void Unknown_input_or_output_names_are_rejected_naming_the_valid_ones()
    {
        using var session = models.Load("linear_softmax");
        var x = DenseTensor.Zeros<float>(1, 4);

        var badInput = Assert.Throws<OnnxRuntimeException>(() => session.Run(new Dictionary<string, Tensor> { ["image"] = x }));
        var badOutput = Assert.Throws<OnnxRuntimeException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = x }, ["heatmap"]));
        var twice = Assert.Throws<OnnxRuntimeException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = x }, ["logits", "logits"]));

        Assert.Equal(OrtErrorCode.InvalidArgument, badInput.ErrorCode);
        Assert.Contains("'image'", badInput.Message);
        Assert.Contains("x", badInput.Message);
        Assert.Contains("'heatmap'", badOutput.Message);
        Assert.Contains("logits, probabilities", badOutput.Message);
        Assert.Contains("more than once", twice.Message);
    }

    [Fact]
    public void Cancelled_token_stops_the_run_through_the_runtime_terminate_flag()
    {
        using var session = models.Load("linear_softmax");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(
            () => session.Run(new Dictionary<string, Tensor> { ["x"] = DenseTensor.Zeros<float>(1, 4) }, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Run_options_are_accepted_by_the_runtime()
    {
        using var session = models.Load("linear_softmax");
        var options = new OnnxRunOptions { LogSeverityLevel = OnnxLoggingLevel.Error, Tag = "job-123" };

        var outputs = session.Run(new Dictionary<string, Tensor> { ["x"] = DenseTensor.Zeros<float>(1, 4) }, ["probabilities"], options);

        // Zero logits: a uniform distribution over the three classes.
        var probabilities = outputs["probabilities"].As<float>().Span.ToArray();
        Assert.Equal(3, probabilities.Length);
        Assert.Equal(1f, probabilities.Sum(), Tolerance);
    }

    [Fact]
    public void Running_a_disposed_session_throws_ObjectDisposedException()
    {
        var session = models.Load("linear_softmax");
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = DenseTensor.Zeros<float>(1, 4) }));
    }

    private (System.Text.Json.JsonElement Oracle, Dictionary<string, Tensor> Inputs) ConvReluInputs()
    {
        var oracle = models.Oracle.GetProperty("conv_relu");
        var x = new DenseTensor<float>(oracle.GetProperty("x").Floats(), oracle.GetProperty("x_shape").Longs());
        return (oracle, new Dictionary<string, Tensor> { ["x"] = x });
    }

    internal static void AssertClose(float[] expected, long[] expectedShape, DenseTensor<float> actual)
    {
        Assert.Equal(expectedShape, actual.Shape.ToArray());
        var values = actual.Span;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {values[i]}");
        }
    }
}
