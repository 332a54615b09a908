using System.Diagnostics;
using System.Text.RegularExpressions;
using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Tests.Support;
using static ClinicalImaging.Dicom.Tests.DeIdentification.DeidFixtures;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>
/// David Clunie's IOD validator (Debian dicom3tools) as the conformance oracle: de-identifying must not make an
/// object less valid. Both the original and the de-identified copy are written by our writer, so only
/// de-identification differs between them.
/// </summary>
public partial class DciodvfyTests
{
    private const string Dciodvfy = "/usr/bin/dciodvfy";

    /// <summary>The test files that are composite instances; nested_priv_SQ and priv_SQ are bare fragments without a SOP Class (no IOD to check).</summary>
    public static TheoryData<string> CompositeFiles => new(Files.Where(f => Read(f).Contains(DicomTags.SOPClassUID)));

    [Theory]
    [MemberData(nameof(CompositeFiles))]
    public void Dciodvfy_reports_no_new_errors_after_the_basic_profile(string file)
    {
        CheckNoNewErrors(file, DeidentificationOptions.None);
    }

    [Theory]
    [InlineData("test_files/CT_small.dcm")]
    [InlineData("test_files/rtplan.dcm")]
    public void Dciodvfy_reports_no_new_errors_with_the_retain_options_and_clean_descriptors(string file)
    {
        CheckNoNewErrors(file, DeidentificationOptions.RetainSafePrivate | DeidentificationOptions.RetainDeviceIdentity
            | DeidentificationOptions.RetainInstitutionIdentity | DeidentificationOptions.RetainPatientCharacteristics
            | DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates | DeidentificationOptions.CleanDescriptors);
    }

    private static void CheckNoNewErrors(string file, DeidentificationOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("deid-dciodvfy-");
        try
        {
            using var source = DicomFile.Open(Corpus.PathOf(file));
            var originalPath = Path.Combine(folder.FullName, "original.dcm");
            var deidentifiedPath = Path.Combine(folder.FullName, "deidentified.dcm");
            new DicomFile(new DicomDataset(), source.Dataset, source.TransferSyntax).Save(originalPath);
            var deidentified = Deidentifier(options).Deidentify(source.Dataset).Dataset;
            new DicomFile(new DicomDataset(), deidentified, source.TransferSyntax).Save(deidentifiedPath);

            var before = ErrorLines(originalPath);
            var after = ErrorLines(deidentifiedPath);

            Assert.Empty(after.Except(before));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>dciodvfy's "Error -" lines with values taken out, so a changed value does not read as a new error.</summary>
    private static HashSet<string> ErrorLines(string path)
    {
        var start = new ProcessStartInfo(Dciodvfy, [path]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dciodvfy did not finish on {path}.");
        }

        return (output.Result + "\n" + errors.Result)
            .Split('\n')
            .Where(line => line.StartsWith("Error", StringComparison.Ordinal))
            .Select(line => Values().Replace(line.Trim(), "<value>"))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Quoted values, "[n] = &lt;value&gt;" fragments, UIDs and other dotted numbers, and a number ending the line.</summary>
    [GeneratedRegex("\"[^\"]*\"|= <[^>]*>|\\b[0-9]+(?:\\.[0-9]+)+\\b|(?<= )[0-9]+$")]
    private static partial Regex Values();
}
