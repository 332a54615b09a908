namespace ClinicalImaging.Dicom.Imaging.Display;

/// <summary>Color space conversions of 8-bit interleaved samples.</summary>
public static class ColorSpace
{
    /// <summary>
    /// YBR_FULL (and YBR_ICT, the same transform) to RGB, PS3.3 C.7.6.3.1.2 / ISO 10918-5 §7:
    /// R = Y + 1.402 (Cr − 128), G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128), B = Y + 1.772 (Cb − 128),
    /// rounded and clamped to 0..255.
    /// </summary>
    public static void YbrFullToRgb(ReadOnlySpan<byte> ybr, Span<byte> rgb)
    {
        if (ybr.Length % 3 != 0 || rgb.Length < ybr.Length)
        {
            throw new ArgumentException("Expected whole Y Cb Cr triplets and an RGB destination at least as long.", nameof(ybr));
        }

        const float CrToR = 1.402f;
        const float CbToG = -0.114f * 1.772f / 0.587f;
        const float CrToG = -0.299f * 1.402f / 0.587f;
        const float CbToB = 1.772f;
        for (int i = 0; i < ybr.Length; i += 3)
        {
            float y = ybr[i];
            float cb = ybr[i + 1] - 128f;
            float cr = ybr[i + 2] - 128f;
            rgb[i] = ToByte(y + (CrToR * cr));
            rgb[i + 1] = ToByte(y + (CbToG * cb) + (CrToG * cr));
            rgb[i + 2] = ToByte(y + (CbToB * cb));
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Floor(value + 0.5f), 0f, 255f);
}
