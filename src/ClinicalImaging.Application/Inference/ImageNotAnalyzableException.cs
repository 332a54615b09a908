using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Application.Inference;

/// <summary>
/// A well-formed DICOM object that no model can take: no pixel data (SR, waveform), a colour image, a frame that does
/// not exist, or no Modality to choose a model by. The API maps it to 422 Unprocessable Content.
/// </summary>
public sealed class ImageNotAnalyzableException : DomainException
{
    public ImageNotAnalyzableException() { }

    public ImageNotAnalyzableException(string message) : base(message) { }

    public ImageNotAnalyzableException(string message, Exception innerException) : base(message, innerException) { }
}
