using System.Diagnostics;
using Xunit;

namespace ClinicalImaging.Cli.Tests;

/// <summary>clinimg's file commands, run in-process, against pydicom reading the same files.</summary>
public sealed class CliTests : IDisposable
{
    private const string TestFiles = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("CT_small.dcm")]
    [InlineData("MR_small.dcm")]
    [InlineData("rtplan.dcm")]
    [InlineData("SC_rgb_rle.dcm")]
    [InlineData("../charset_files/chrX1.dcm")]
    [InlineData("../charset_files/chrRuss.dcm")]
    public async Task Dump_json_equals_pydicoms_to_json_dict(string file)
    {
        var (code, output, _) = await RunAsync("dump", "--json", Path.Combine(TestFiles, file));
        var ours = Path.Combine(_folder, "ours.json");
        await File.WriteAllTextAsync(ours, output);

        Assert.Equal(0, code);
        Assert.Equal("equal", Oracle("json", Path.Combine(TestFiles, file), ours));
    }

    [Theory]
    [InlineData("CT_small.dcm", 1)]
    [InlineData("MR_small.dcm", 1)]
    [InlineData("MR_small_RLE.dcm", 1)]
    // Regression: the reader already swaps big-endian native data; the glue once swapped it a second time.
    [InlineData("MR_small_bigendian.dcm", 1)]
    [InlineData("SC_rgb_rle_2frame.dcm", 2)]
    [InlineData("SC_rgb_rle_16bit.dcm", 1)]
    [InlineData("SC_rgb_rle_32bit_2frame.dcm", 2)]
    [InlineData("SC_rgb_dcmtk_+eb+cr.dcm", 1)]
    [InlineData("liver_1frame.dcm", 1)]
    public async Task Pixels_writes_the_same_values_as_pydicoms_pixel_array(string file, int frame)
    {
        var npy = Path.Combine(_folder, "frame.npy");

        var (code, _, error) = await RunAsync("pixels", Path.Combine(TestFiles, file), "--frame", frame.ToString(), "--out", npy);

        Assert.True(code == 0, error);
        Assert.Equal("equal", Oracle("pixels", Path.Combine(TestFiles, file), frame.ToString(), npy));
    }

    [Fact]
    public async Task Render_writes_a_png_of_the_image_size_or_fitted_to_the_requested_size()
    {
        var full = Path.Combine(_folder, "full.png");
        var small = Path.Combine(_folder, "small.png");

        var (code, _, _) = await RunAsync("render", Path.Combine(TestFiles, "CT_small.dcm"), "--out", full, "--window", "40,400");
        var (codeSmall, _, _) = await RunAsync("render", Path.Combine(TestFiles, "CT_small.dcm"), "--out", small, "--size", "64");

        Assert.Equal(0, code);
        Assert.Equal(0, codeSmall);
        Assert.Equal((128, 128), PngSize(full));
        Assert.Equal((64, 64), PngSize(small));
    }

    [Fact]
    public async Task Dump_shows_a_readable_tree_with_keywords_and_values()
    {
        var (code, output, _) = await RunAsync("dump", Path.Combine(TestFiles, "rtplan.dcm"));

        Assert.Equal(0, code);
        Assert.Contains("(300A,00B0) SQ BeamSequence", output, StringComparison.Ordinal);
        Assert.Contains("(0008,0060) CS Modality [RTPLAN]", output, StringComparison.Ordinal);
        Assert.Contains("  > item 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_names_known_private_elements_by_creator_and_private_dictionary_keyword()
    {
        var (code, output, _) = await RunAsync("dump", Path.Combine(TestFiles, "CT_small.dcm"));

        // pydicom names (0019,1002) of GEMS_ACQU_01 "[Detector Channel]" (dcmtk's dictionary calls it NumberOfCellsInDetector).
        Assert.Equal(0, code);
        Assert.Contains("(0019,1002) SL Private[GEMS_ACQU_01] DetectorChannel 912", output, StringComparison.Ordinal);
        Assert.Contains("(0019,0010) LO PrivateCreator [GEMS_ACQU_01]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymize_applies_clean_structured_content_and_clean_graphics_when_asked()
    {
        var output = Path.Combine(_folder, "report.dcm");

        var (code, _, error) = await RunAsync("anonymize", Path.Combine(TestFiles, "reportsi.dcm"), output, "--clean-structured-content", "--clean-graphics");

        Assert.True(code == 0, error);
        using var result = ClinicalImaging.Dicom.DicomFile.Open(output);
        var methods = result.Dataset.GetItems(ClinicalImaging.Dicom.DicomTags.DeidentificationMethodCodeSequence)
            .Select(item => item.GetString(ClinicalImaging.Dicom.DicomTags.CodeValue)!).ToArray();
        Assert.Equal(new[] { "113100", "113104", "113103" }, methods);
    }

    [Theory]
    [InlineData("render", "--window", "wide")]
    [InlineData("pixels", "--frame", "9")]
    public async Task Bad_arguments_fail_with_a_message_on_stderr_and_a_nonzero_exit(string command, string option, string value)
    {
        var (code, _, error) = await RunAsync(command, Path.Combine(TestFiles, "CT_small.dcm"), option, value, "--out", Path.Combine(_folder, "x"));

        Assert.NotEqual(0, code);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(option == "--frame" ? "Frame 9 does not exist" : "--window 'wide'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_DICOM_is_refused_with_the_offset_named()
    {
        var text = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(text, "this is not a DICOM file at all");

        var (code, _, error) = await RunAsync("dump", text);

        Assert.Equal(2, code);
        Assert.Contains("byte offset", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Oracle(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "oracle.py"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Trim() : $"oracle failed: {stderr}";
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 24);
        Assert.True(header[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG signature");
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[16..]), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[20..]));
    }
}
