using System.Text.Json;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(OnnxRuntimeCollection.Name)]
public sealed class OnnxSessionLoadingTests(OnnxTestModels models)
{
    [Fact]
    public void Environment_reports_the_loaded_runtime()
    {
        var environment = models.Environment;

        // scripts/lib/fetch-onnxruntime.sh pins 1.30.0; the binding asks for its C API version.
        Assert.StartsWith($"1.{OrtApiTable.ApiVersion}.", environment.RuntimeVersion);
        Assert.Contains("git-commit-id=", environment.BuildInfo);
        Assert.Equal(OnnxRuntimeLibrary.Locate(), environment.LibraryPath);
    }

    [Fact]
    public void Asking_for_another_library_file_once_one_is_loaded_is_refused()
    {
        var loaded = models.Environment.LibraryPath;
        var other = models.CreateFile(OnnxRuntimeLibrary.FileName, [0x7f]);

        var error = Assert.Throws<InvalidOperationException>(
            () => OnnxRuntimeEnvironment.Create(new OnnxRuntimeEnvironmentOptions { LibraryPath = other }));

        Assert.Contains(loaded, error.Message);
        using var sameFolder = OnnxRuntimeEnvironment.Create(new OnnxRuntimeEnvironmentOptions { LibraryPath = Path.GetDirectoryName(loaded) });
        Assert.Equal(loaded, sameFolder.LibraryPath);
    }

    [Fact]
    public void An_environment_created_while_another_is_alive_reports_the_live_ones_thread_pools()
    {
        Assert.True(models.Environment.HasSharedThreadPools);

        // ORT returns its one live environment, whatever this call asks for; sessions must then follow the live pools.
        using var second = OnnxRuntimeEnvironment.Create(new OnnxRuntimeEnvironmentOptions { SharedThreadPools = null });
        using var session = OnnxSession.Load(second, models.PathOf("linear_softmax"));

        Assert.True(second.HasSharedThreadPools);
        Assert.Equal(2, session.OutputMetadata.Count);
    }

    [Fact]
    public void Model_metadata_matches_what_onnx_reads_from_the_file()
    {
        using var session = models.Load("linear_softmax");
        var expected = models.Oracle.GetProperty("linear_softmax").GetProperty("metadata");

        var metadata = session.ModelMetadata;

        Assert.Equal(expected.GetProperty("producer_name").GetString(), metadata.ProducerName);
        Assert.Equal(expected.GetProperty("graph_name").GetString(), metadata.GraphName);
        Assert.Equal(expected.GetProperty("domain").GetString(), metadata.Domain);
        Assert.Equal(expected.GetProperty("description").GetString(), metadata.Description);
        Assert.Equal(expected.GetProperty("graph_description").GetString(), metadata.GraphDescription);
        Assert.Equal(expected.GetProperty("version").GetInt64(), metadata.Version);
        var custom = expected.GetProperty("custom").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(custom.OrderBy(p => p.Key), metadata.CustomMetadata.OrderBy(p => p.Key));
    }

    [Fact]
    public void Inputs_and_outputs_match_the_model_declaration_including_symbolic_dimensions()
    {
        using var session = models.Load("linear_softmax");
        var oracle = models.Oracle.GetProperty("linear_softmax");

        AssertDeclared(oracle.GetProperty("inputs"), session.InputMetadata);
        AssertDeclared(oracle.GetProperty("outputs"), session.OutputMetadata);
        Assert.Equal(new OnnxDimension(null, "batch"), session.InputMetadata[0].Shape[0]);
        Assert.Equal(new OnnxDimension(4, null), session.InputMetadata[0].Shape[1]);
    }

    [Fact]
    public void Loading_from_bytes_gives_the_same_session_as_loading_from_the_file()
    {
        using var fromFile = models.Load("conv_relu");
        using var fromBytes = OnnxSession.Load(models.Environment, File.ReadAllBytes(models.PathOf("conv_relu")), OnnxTestModels.SessionOptions);

        Assert.Equal(fromFile.InputMetadata.Select(n => n.ToString()), fromBytes.InputMetadata.Select(n => n.ToString()));
        Assert.Equal(fromFile.OutputMetadata.Select(n => n.ToString()), fromBytes.OutputMetadata.Select(n => n.ToString()));
        Assert.Equal(fromFile.ModelMetadata.GraphName, fromBytes.ModelMetadata.GraphName);
    }

    [Fact]
    public void A_model_file_that_is_not_onnx_gives_the_runtime_error()
    {
        var path = models.CreateFile("garbage.onnx", "this is not a protobuf model"u8);

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Load(models.Environment, path));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.Contains("garbage.onnx", error.Message);
    }

    [Fact]
    public void Model_bytes_that_are_not_onnx_give_the_runtime_error()
    {
        var error = Assert.Throws<OnnxRuntimeException>(
            () => OnnxSession.Load(models.Environment, new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f }));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.ErrorCode);
        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void A_missing_model_file_gives_the_runtime_error_naming_it()
    {
        var path = models.PathOf("does_not_exist");

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Load(models.Environment, path));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Session_options_are_accepted_and_leave_results_unchanged()
    {
        var options = new OnnxSessionOptions
        {
            UseSharedThreadPools = false,
            ThreadPools = new OnnxThreadPoolOptions { IntraOpThreadCount = 2, InterOpThreadCount = 2, AllowSpinning = false },
            ExecutionMode = OnnxExecutionMode.Parallel,
            GraphOptimizationLevel = OnnxGraphOptimizationLevel.DisableAll,
            LogSeverityLevel = OnnxLoggingLevel.Error,
            LogId = "options-test",
        };

        using var session = OnnxSession.Load(models.Environment, models.PathOf("linear_softmax"), options);
        var oracle = models.Oracle.GetProperty("linear_softmax");
        var x = new DenseTensor<float>(oracle.GetProperty("x").Floats(), oracle.GetProperty("x_shape").Longs());

        var probabilities = session.Run(new Dictionary<string, Tensor> { ["x"] = x }, ["probabilities"])["probabilities"].As<float>();

        OnnxSessionRunTests.AssertClose(oracle.GetProperty("probabilities").Floats(), oracle.GetProperty("output_shape").Longs(), probabilities);
    }

    [Fact]
    public void Invalid_session_options_give_the_runtime_error()
    {
        var options = new OnnxSessionOptions { GraphOptimizationLevel = (OnnxGraphOptimizationLevel)42 };

        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Load(models.Environment, models.PathOf("linear_softmax"), options));

        Assert.Equal(OrtErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("graph_optimization_level", error.Message);
    }

    [Fact]
    public void Runtime_warnings_reach_the_configured_logger()
    {
        var initializer = models.Oracle.GetProperty("unused_initializer").GetProperty("initializer").GetString()!;

        using var session = models.Load("unused_initializer");

        Assert.Contains(models.RuntimeLog.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains($"'{initializer}'"));
    }

    private static void AssertDeclared(JsonElement expected, IReadOnlyList<OnnxNodeMetadata> actual)
    {
        Assert.Equal(expected.GetArrayLength(), actual.Count);
        foreach (var (declared, node) in expected.EnumerateArray().Zip(actual))
        {
            Assert.Equal(declared.GetProperty("name").GetString(), node.Name);
            Assert.Equal(OnnxValueKind.Tensor, node.Kind);
            Assert.Equal(declared.GetProperty("element_type").GetString(), node.ElementType.ToString(), ignoreCase: true);
            var dimensions = declared.GetProperty("shape").EnumerateArray()
                .Select(d => d.ValueKind == JsonValueKind.String ? new OnnxDimension(null, d.GetString()) : new OnnxDimension(d.GetInt64(), null));
            Assert.Equal(dimensions, node.Shape);
        }
    }
}
