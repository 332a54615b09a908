namespace ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

/// <summary>
/// An ONNX Runtime call failed. <see cref="ErrorCode"/> and <see cref="Exception.Message"/> are ONNX Runtime's own
/// (from the <c>OrtStatus</c> it returned), except where the binding rejects an argument before calling the runtime:
/// then it uses the code the runtime itself uses for that (<see cref="OrtErrorCode.InvalidArgument"/>).
/// </summary>
public class OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode ErrorCode { get; } = errorCode;
}
