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

    [Fact]
    public void Dciodvfy_reports_no_new_errors_after_clean_structured_content_on_a_report_and_a_waveform()
    {
        var options = DeidentificationOptions.CleanStructuredContent | DeidentificationOptions.CleanDescriptors;
        CheckNoNewErrors(CleanContentAndGraphicsTests.Report(), DicomTransferSyntax.ExplicitVRLittleEndian, options);
        CheckNoNewErrors(Read("test_files/reportsi.dcm"), DicomTransferSyntax.ExplicitVRLittleEndian, DeidentificationOptions.CleanStructuredContent);
        CheckNoNewErrors("test_files/waveform_ecg.dcm", DeidentificationOptions.CleanStructuredContent);
    }

    /// <summary>
    /// On the presentation state the Basic Profile itself removes Presentation Creation Date and Time (X in Table
    /// E.1-1, Type 1 in the GSPS IOD; a known limitation, see docs/de-identification.md): Clean Graphics must add no
    /// error to those.
    /// </summary>
    [Fact]
    public void Dciodvfy_reports_no_new_errors_after_clean_graphics_on_a_presentation_state_and_overlays()
    {
        CheckNoNewErrors(CleanContentAndGraphicsTests.PresentationState(), DicomTransferSyntax.ExplicitVRLittleEndian, DeidentificationOptions.CleanGraphics, alsoAllowed: DeidentificationOptions.None);
        CheckNoNewErrors(CleanContentAndGraphicsTests.OverlaidImage(), DicomTransferSyntax.ExplicitVRLittleEndian, DeidentificationOptions.CleanGraphics);
    }

    private static void CheckNoNewErrors(string file, DeidentificationOptions options)
    {
        using var source = DicomFile.Open(Corpus.PathOf(file));
        CheckNoNewErrors(source.Dataset, source.TransferSyntax, options);
    }

    /// <param name="alsoAllowed">Errors the Basic Profile alone already gives are not counted as new for this option (see the GSPS test).</param>
    private static void CheckNoNewErrors(DicomDataset original, DicomTransferSyntax syntax, DeidentificationOptions options, DeidentificationOptions? alsoAllowed = null)
    {
        var folder = Directory.CreateTempSubdirectory("deid-dciodvfy-");
        try
        {
            var before = ErrorLines(Write(folder, "original.dcm", original, syntax));
            if (alsoAllowed is { } baseline)
            {
                before.UnionWith(ErrorLines(Write(folder, "baseline.dcm", Deidentifier(baseline).Deidentify(original).Dataset, syntax)));
            }

            var after = ErrorLines(Write(folder, "deidentified.dcm", Deidentifier(options).Deidentify(original).Dataset, syntax));

            Assert.True(!after.Except(before).Any(), string.Join("\n", after.Except(before)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Write(DirectoryInfo folder, string name, DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var path = Path.Combine(folder.FullName, name);
        new DicomFile(new DicomDataset(), dataset, syntax).Save(path);
        return path;
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
