using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// No model fits the request: an unknown model id, a modality or body part no model serves, or a method or class the
/// chosen model does not support. The API maps it to 422 Unprocessable Content.
/// </summary>
public sealed class ModelNotAvailableException : DomainException
{
    public ModelNotAvailableException() { }

    public ModelNotAvailableException(string message) : base(message) { }

    public ModelNotAvailableException(string message, Exception innerException) : base(message, innerException) { }
}
