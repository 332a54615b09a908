using System.Text.RegularExpressions;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>dcmtk's dcmdump as a second, independent oracle for structure: the same elements, nesting and VRs.</summary>
public partial class DcmdumpOracleTests
{
    public static TheoryData<string> Files => Corpus.AllFileNames();

    [Theory]
    [MemberData(nameof(Files))]
    public void Elements_nesting_and_VRs_match_dcmdump(string file)
    {
        var path = Corpus.PathOf(file);
        var (exitCode, output) = Dcmdump.Run("-q", path);
        if (exitCode != 0)
        {
            return; // dcmdump refuses it; CorpusTests decides what we must do
        }

        using var dicom = DicomFile.Open(path);
        var theirs = ParseDump(output);
        var index = 0;
        Compare(dicom.Dataset, 0, theirs, ref index);
        Assert.True(index == theirs.Count, $"dcmdump lists more elements, from {(index < theirs.Count ? theirs[index] : null)}");
    }

    /// <summary>
    /// Walks our tree against dcmdump's lines. Where dcmtk keeps an element as UN (it does not re-type known
    /// elements sent as UN, nor parse their items; pydicom and we do, and CorpusTests holds us to pydicom), our
    /// children of that element are not compared. dcmtk's internal VR names (up, xs, ox, lt) and its OB for all
    /// encapsulated Pixel Data (pydicom keeps the OW written in the file, as we do) are mapped.
    /// </summary>
    private static void Compare(DicomDataset dataset, int depth, List<DumpLine> theirs, ref int index)
    {
        foreach (var element in dataset)
        {
            Assert.True(index < theirs.Count, $"{element.Tag} at depth {depth}: dcmdump has no more elements");
            var line = theirs[index++];
            Assert.True(line.Depth == depth && line.Tag == element.Tag, $"{element.Tag} at depth {depth} vs dcmdump {line}");
            var keptAsUnknown = line.VR is "UN" or "??";
            Assert.True(keptAsUnknown || SameVR(element, line.VR), $"{element.Tag} {element.VR} vs dcmdump {line}");
            if (element is DicomSequence sequence && !keptAsUnknown)
            {
                foreach (var item in sequence.Items)
                {
                    Compare(item, depth + 1, theirs, ref index);
                }
            }
        }
    }

    private static bool SameVR(DicomElement element, string theirs) => element.VR.Code == theirs || (theirs, element.VR.Code) switch
    {
        ("up", "UL") or ("xs", "US" or "SS") or ("ox", "OB" or "OW") or ("lt", "OW" or "US") => true,
        ("OB", "OW") => element is DicomFragmentSequence,
        _ => false,
    };

    internal sealed record DumpLine(int Depth, DicomTag Tag, string VR);

    internal static List<DumpLine> ParseDump(string output)
    {
        var lines = new List<DumpLine>();
        var inDataset = false;
        foreach (var line in output.Split('\n'))
        {
            inDataset |= line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal);
            var match = ElementLine().Match(line);
            if (inDataset && match.Success && match.Groups[2].Value != "fffe")
            {
                lines.Add(new DumpLine(match.Groups[1].Length / 4, DicomTag.Parse($"{match.Groups[2].Value},{match.Groups[3].Value}"), match.Groups[4].Value));
            }
        }

        return lines;
    }

    [GeneratedRegex("^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) ([A-Za-z?]{2}) ")]
    private static partial Regex ElementLine();
}
