using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

public sealed class OnnxRuntimeLibraryTests : IDisposable
{
    private readonly DirectoryInfo _empty = Directory.CreateTempSubdirectory("clinicalimaging-no-onnxruntime-");

    public void Dispose() => _empty.Delete(recursive: true);

    [Fact]
    public void Missing_library_names_every_path_tried()
    {
        var fromVariable = Path.Combine(_empty.FullName, "configured", OnnxRuntimeLibrary.FileName);

        var error = Assert.Throws<OnnxRuntimeLibraryException>(
            () => OnnxRuntimeLibrary.Locate(explicitPath: null, environmentValue: fromVariable, applicationDirectory: _empty.FullName));

        Assert.Equal(OrtErrorCode.NoSuchFile, error.ErrorCode);
        Assert.Equal([fromVariable, Path.Combine(_empty.FullName, OnnxRuntimeLibrary.FileName)], error.PathsTried);
        Assert.Contains(fromVariable, error.Message);
        Assert.Contains(OnnxRuntimeLibrary.PathEnvironmentVariable, error.Message);
    }

    [Fact]
    public void Explicit_path_is_the_only_candidate_even_when_another_copy_exists()
    {
        File.WriteAllBytes(Path.Combine(_empty.FullName, OnnxRuntimeLibrary.FileName), [0x7f]);
        var missing = Path.Combine(_empty.FullName, "elsewhere", "libonnxruntime.so.1");

        var error = Assert.Throws<OnnxRuntimeLibraryException>(
            () => OnnxRuntimeLibrary.Locate(missing, environmentValue: null, applicationDirectory: _empty.FullName));

        Assert.Equal([missing], error.PathsTried);
    }

    [Fact]
    public void Environment_variable_may_name_the_folder_and_wins_over_the_application_folder()
    {
        var configured = Directory.CreateDirectory(Path.Combine(_empty.FullName, "configured"));
        var expected = Path.Combine(configured.FullName, OnnxRuntimeLibrary.FileName);
        File.WriteAllBytes(expected, [0x7f]);
        File.WriteAllBytes(Path.Combine(_empty.FullName, OnnxRuntimeLibrary.FileName), [0x7f]);

        Assert.Equal(expected, OnnxRuntimeLibrary.Locate(null, configured.FullName, _empty.FullName));
    }

    [Fact]
    public void Repository_tools_folder_is_found_by_walking_up_from_the_application()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_empty.FullName, OnnxRuntimeLibrary.RepositoryToolsFolder));
        var expected = Path.Combine(tools.FullName, OnnxRuntimeLibrary.FileName);
        File.WriteAllBytes(expected, [0x7f]);
        var application = Directory.CreateDirectory(Path.Combine(_empty.FullName, "src", "App", "bin", "Debug"));

        Assert.Equal(expected, OnnxRuntimeLibrary.Locate(null, null, application.FullName));
    }

    [Fact]
    public void The_library_the_tests_use_is_found_by_the_default_search()
    {
        var path = OnnxRuntimeLibrary.Locate();

        Assert.True(File.Exists(path), path);
    }

    [Fact]
    public void A_file_that_is_not_a_library_gives_a_clear_exception_with_the_loader_message()
    {
        var notALibrary = Path.Combine(_empty.FullName, OnnxRuntimeLibrary.FileName);
        File.WriteAllText(notALibrary, "not an ELF file");

        var error = Assert.Throws<OnnxRuntimeLibraryException>(() => OrtApi.Load(notALibrary));

        Assert.Equal(OrtErrorCode.Fail, error.ErrorCode);
        Assert.Contains(notALibrary, error.Message);
        Assert.Equal([notALibrary], error.PathsTried);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_rejected_by_its_missing_entry_point()
    {
        // libm is in every process already, so loading it here changes nothing.
        const string libm = "/lib/x86_64-linux-gnu/libm.so.6";
        Assert.True(File.Exists(libm), $"{libm} is expected on linux-x64");

        var error = Assert.Throws<OnnxRuntimeLibraryException>(() => OrtApi.Load(libm));

        Assert.Contains("OrtGetApiBase", error.Message);
    }
}
