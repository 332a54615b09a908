namespace ClinicalImaging.Dicom.Imaging;

/// <summary>
/// The one exception the imaging code throws for pixel data it cannot accept: an inconsistent
/// description, a truncated or corrupt frame, or a transfer syntax without a codec. The message
/// names the attribute or structure at fault and what was wrong with it.
/// </summary>
public sealed class PixelDataException : Exception
{
    public PixelDataException()
    {
    }

    public PixelDataException(string message)
        : base(message)
    {
    }

    public PixelDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
