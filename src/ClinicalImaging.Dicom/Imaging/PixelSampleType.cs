namespace ClinicalImaging.Dicom.Imaging;

/// <summary>The in-memory type of each sample of a <see cref="DecodedFrame"/>.</summary>
public enum PixelSampleType
{
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
}

/// <summary>Helpers for <see cref="PixelSampleType"/>.</summary>
public static class PixelSampleTypes
{
    /// <summary>
    /// The sample type for Bits Allocated and Pixel Representation: the narrowest type that holds every
    /// stored value, matching pydicom's <c>pixel_array</c> dtype (1-bit pixels become one byte each).
    /// </summary>
    public static PixelSampleType For(int bitsAllocated, PixelRepresentation representation)
    {
        bool signed = representation == PixelRepresentation.Signed;
        return bitsAllocated switch
        {
            1 or 8 => signed ? PixelSampleType.Int8 : PixelSampleType.UInt8,
            16 => signed ? PixelSampleType.Int16 : PixelSampleType.UInt16,
            32 => signed ? PixelSampleType.Int32 : PixelSampleType.UInt32,
            _ => throw new PixelDataException($"Bits Allocated (0028,0100) {bitsAllocated} is not supported."),
        };
    }

    public static int ByteSize(this PixelSampleType type) => type switch
    {
        PixelSampleType.UInt8 or PixelSampleType.Int8 => 1,
        PixelSampleType.UInt16 or PixelSampleType.Int16 => 2,
        PixelSampleType.UInt32 or PixelSampleType.Int32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool IsSigned(this PixelSampleType type) =>
        type is PixelSampleType.Int8 or PixelSampleType.Int16 or PixelSampleType.Int32;

    internal static PixelSampleType Of<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            return PixelSampleType.UInt8;
        }

        if (typeof(T) == typeof(sbyte))
        {
            return PixelSampleType.Int8;
        }

        if (typeof(T) == typeof(ushort))
        {
            return PixelSampleType.UInt16;
        }

        if (typeof(T) == typeof(short))
        {
            return PixelSampleType.Int16;
        }

        if (typeof(T) == typeof(uint))
        {
            return PixelSampleType.UInt32;
        }

        if (typeof(T) == typeof(int))
        {
            return PixelSampleType.Int32;
        }

        throw new ArgumentException($"{typeof(T).Name} is not a pixel sample type.", nameof(T));
    }
}
