using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

public class CorpusTests
{
    public static TheoryData<string> Files => Corpus.AllFileNames();

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_corpus_file_reads_like_pydicom_or_fails_with_DicomParseException(string file)
    {
        var pydicom = Corpus.PydicomRecord(file);
        DicomFile ours;
        try
        {
            using var stream = File.OpenRead(Corpus.PathOf(file));
            ours = Corpus.ReadGuarded(stream);
        }
        catch (DicomParseException) when (!(bool)pydicom["ok"]! || Dcmdump.Refuses(Corpus.PathOf(file)))
        {
            return; // a peer refuses it too (pydicom reads truncated files leniently; dcmdump does not)
        }

        Assert.True((bool)pydicom["ok"]!, $"pydicom refuses {file} ({pydicom["error"]}) but we read it");
        var ignored = (pydicom["invalid"]?.AsArray() ?? []).Select(n => (string)n!).ToHashSet();
        var ourJson = JsonNode.Parse(DicomJsonSerializer.Serialize(ours.Dataset))!.AsObject();
        var bigEndian = ours.TransferSyntax.IsBigEndian;
        var differences = JsonComparer.Differences(ourJson, pydicom["json"]!.AsObject(), ignored, bigEndian);
        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));
    }
}
