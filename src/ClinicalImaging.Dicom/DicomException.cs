namespace ClinicalImaging.Dicom;

/// <summary>Base of every exception the DICOM library raises for bad input.</summary>
public class DicomException : Exception
{
    public DicomException()
    {
    }

    public DicomException(string message)
        : base(message)
    {
    }

    public DicomException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Malformed encoded data: names the byte offset in the stream and the element being read.</summary>
public sealed class DicomParseException : DicomException
{
    public DicomParseException(string message, long offset, DicomTag? tag, Exception? innerException = null)
        : base(FormatMessage(message, offset, tag), innerException!)
    {
        Offset = offset;
        Tag = tag;
    }

    public DicomParseException()
    {
    }

    public DicomParseException(string message)
        : base(message)
    {
    }

    public DicomParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Byte offset from the start of the stream (of the inflated stream for deflated data sets); -1 when unknown.</summary>
    public long Offset { get; } = -1;

    /// <summary>The element being read, when one was.</summary>
    public DicomTag? Tag { get; }

    private static string FormatMessage(string message, long offset, DicomTag? tag) =>
        tag is { } t ? $"{message} (element {t} at byte offset {offset})" : $"{message} (at byte offset {offset})";
}

/// <summary>A value that cannot be read as the type asked for (e.g. an IS holding letters) or cannot be encoded.</summary>
public sealed class DicomValueException : DicomException
{
    public DicomValueException()
    {
    }

    public DicomValueException(string message)
        : base(message)
    {
    }

    public DicomValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
