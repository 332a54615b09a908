namespace ClinicalImaging.Dicom.IO;

/// <summary>How much of a file to read and how to hold large values.</summary>
public sealed record DicomReadOptions
{
    /// <summary>Read everything into memory.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>For ingest: stop at Pixel Data (7FE0,0010); everything before it is read.</summary>
    public static DicomReadOptions HeaderOnly { get; } = new() { StopBeforePixelData = true };

    /// <summary>Values of 64 KiB or more stay in the (seekable) stream and are read when asked for.</summary>
    public static DicomReadOptions Lazy { get; } = new() { LazyValueThreshold = 64 * 1024 };

    /// <summary>Stop reading the top-level data set at Pixel Data (and anything after it).</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>
    /// Values at least this long are not read but kept as (offset, length) into the stream, which must then stay
    /// open as long as the data set is used. Only honoured on seekable, non-deflated streams. Null: read all.
    /// </summary>
    public long? LazyValueThreshold { get; init; }

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected as malformed.</summary>
    public int MaxSequenceDepth { get; init; } = 64;
}
