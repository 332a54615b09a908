using System.Text;
using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>Real files from pydicom's corpus, keys, and a walk that pairs each original element with its de-identified counterpart.</summary>
internal static class DeidFixtures
{
    /// <summary>Between them these hold every Basic Profile action code, private blocks and nested private sequences.</summary>
    public static readonly string[] Files =
    [
        "test_files/CT_small.dcm",
        "test_files/MR_small.dcm",
        "test_files/rtplan.dcm",
        "test_files/rtstruct.dcm",
        "test_files/rtdose.dcm",
        "test_files/JPEG-lossy.dcm",
        "test_files/reportsi.dcm",
        "test_files/waveform_ecg.dcm",
        "test_files/nested_priv_SQ.dcm",
        "test_files/priv_SQ.dcm",
        "charset_files/chrH31.dcm",
    ];

    public static byte[] UidKey { get; } = Encoding.UTF8.GetBytes("test UID key, 32 bytes long ....");

    public static byte[] DateKey { get; } = Encoding.UTF8.GetBytes("test date key, 32 bytes long ...");

    public static DicomDataset Read(string relative)
    {
        using var file = DicomFile.Open(Corpus.PathOf(relative));
        return file.Dataset;
    }

    public static DicomDeidentifier Deidentifier(DeidentificationOptions options = DeidentificationOptions.None, byte[]? uidKey = null) =>
        new(new DicomDeidentifierOptions { ProfileOptions = options, UidKey = uidKey ?? UidKey, DateShiftKey = DateKey });

    /// <summary>Every element at any depth.</summary>
    public static IEnumerable<(DicomDataset Owner, DicomElement Element)> Walk(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            yield return (dataset, element);
            if (element is DicomSequence sequence)
            {
                foreach (var nested in sequence.Items.SelectMany(Walk))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>
    /// Each original element beside what became of it (null when gone), descending into sequences whose items survived.
    /// Depth 0 is the top level.
    /// </summary>
    public static IEnumerable<Pair> Pairs(DicomDataset original, DicomDataset result, int depth = 0)
    {
        foreach (var element in original)
        {
            var counterpart = result.Find(element.Tag);
            yield return new Pair(original, element, result, counterpart, depth);
            if (element is DicomSequence sequence && counterpart is DicomSequence kept && kept.Items.Count == sequence.Items.Count)
            {
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    foreach (var nested in Pairs(sequence.Items[i], kept.Items[i], depth + 1))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    public static bool IsEmpty(DicomElement element) => element switch
    {
        DicomSequence sequence => sequence.Items.Count == 0,
        DicomValueElement value => value.Length == 0,
        _ => false,
    };

    public static byte[] Bytes(DicomElement element) => ((DicomValueElement)element).Buffer.GetBytes().ToArray();

    public sealed record Pair(DicomDataset OriginalOwner, DicomElement Original, DicomDataset ResultOwner, DicomElement? Result, int Depth);
}
