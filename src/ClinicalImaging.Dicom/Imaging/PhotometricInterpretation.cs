namespace ClinicalImaging.Dicom.Imaging;

/// <summary>Photometric Interpretation (0028,0004), PS3.3 C.7.6.3.1.2.</summary>
public enum PhotometricInterpretation
{
    Monochrome1,
    Monochrome2,
    PaletteColor,
    Rgb,
    YbrFull,
    YbrFull422,
    YbrPartial420,
    YbrIct,
    YbrRct,
}

/// <summary>Conversions between <see cref="PhotometricInterpretation"/> and its DICOM code string.</summary>
public static class PhotometricInterpretationCodes
{
    /// <summary>Parses a code string such as <c>"MONOCHROME2"</c>; trailing padding spaces are ignored.</summary>
    /// <exception cref="PixelDataException">The value is not a photometric interpretation this library handles.</exception>
    public static PhotometricInterpretation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim() switch
        {
            "MONOCHROME1" => PhotometricInterpretation.Monochrome1,
            "MONOCHROME2" => PhotometricInterpretation.Monochrome2,
            "PALETTE COLOR" => PhotometricInterpretation.PaletteColor,
            "RGB" => PhotometricInterpretation.Rgb,
            "YBR_FULL" => PhotometricInterpretation.YbrFull,
            "YBR_FULL_422" => PhotometricInterpretation.YbrFull422,
            "YBR_PARTIAL_420" => PhotometricInterpretation.YbrPartial420,
            "YBR_ICT" => PhotometricInterpretation.YbrIct,
            "YBR_RCT" => PhotometricInterpretation.YbrRct,
            _ => throw new PixelDataException(
                $"Photometric Interpretation (0028,0004) '{value.Trim()}' is not supported."),
        };
    }

    /// <summary>The DICOM code string of <paramref name="value"/>.</summary>
    public static string ToCode(this PhotometricInterpretation value) => value switch
    {
        PhotometricInterpretation.Monochrome1 => "MONOCHROME1",
        PhotometricInterpretation.Monochrome2 => "MONOCHROME2",
        PhotometricInterpretation.PaletteColor => "PALETTE COLOR",
        PhotometricInterpretation.Rgb => "RGB",
        PhotometricInterpretation.YbrFull => "YBR_FULL",
        PhotometricInterpretation.YbrFull422 => "YBR_FULL_422",
        PhotometricInterpretation.YbrPartial420 => "YBR_PARTIAL_420",
        PhotometricInterpretation.YbrIct => "YBR_ICT",
        PhotometricInterpretation.YbrRct => "YBR_RCT",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, null),
    };

    /// <summary>True for MONOCHROME1 and MONOCHROME2.</summary>
    public static bool IsMonochrome(this PhotometricInterpretation value) =>
        value is PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2;

    /// <summary>Samples per pixel that the interpretation requires (PS3.3 C.7.6.3.1.2).</summary>
    public static int RequiredSamplesPerPixel(this PhotometricInterpretation value) =>
        value is PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2
            or PhotometricInterpretation.PaletteColor
            ? 1
            : 3;
}
