using Xunit;

namespace ClinicalImaging.Dicom.Tests.Imaging;

/// <summary>The pydicom oracle over every test file the imaging tests use, dumped once per run.</summary>
public sealed class ImagingOracleFixture : PydicomOracle
{
    public static readonly string[] NativeFiles =
    [
        "CT_small.dcm", "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_padded.dcm", "ExplVR_BigEnd.dcm",
        "SC_rgb_small_odd.dcm", "SC_rgb_jpeg_dcmd.dcm", "SC_ybr_full_422_uncompressed.dcm", "liver_1frame.dcm",
        "liver_expb_1frame.dcm", "rtdose.dcm", "rtdose_expb.dcm", "image_dfl.dcm",
    ];

    public static readonly string[] RleFiles =
    [
        "MR_small_RLE.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit.dcm",
        "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit.dcm", "SC_rgb_rle_32bit_2frame.dcm", "rtdose_rle.dcm",
        "rtdose_rle_1frame.dcm",
    ];

    public static readonly string[] Palettes =
        ["HOT_IRON", "PET", "HOT_METAL_BLUE", "PET_20_STEP", "SPRING", "SUMMER", "FALL", "WINTER"];

    public ImagingOracleFixture()
        : base([.. NativeFiles, .. RleFiles], Palettes)
    {
    }
}

[CollectionDefinition(Name)]
public sealed class ImagingOracleCollection : ICollectionFixture<ImagingOracleFixture>
{
    public const string Name = "pydicom pixel oracle";
}
