namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// The native ONNX Runtime library could not be found or loaded, or it lacks the C API version this binding needs.
/// <see cref="PathsTried"/> lists every location considered, in order. The error code is
/// <see cref="OrtErrorCode.NoSuchFile"/> when no candidate file exists, <see cref="OrtErrorCode.Fail"/> otherwise.
/// </summary>
public sealed class OnnxRuntimeLibraryException(
    OrtErrorCode errorCode, string message, IReadOnlyList<string> pathsTried, Exception? innerException = null)
    : OnnxRuntimeException(errorCode, message, innerException)
{
    public IReadOnlyList<string> PathsTried { get; } = pathsTried;
}
