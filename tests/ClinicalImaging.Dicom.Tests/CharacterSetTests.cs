using System.Text;
using System.Text.Json.Nodes;
using ClinicalImaging.Dicom.Tests.Support;
using ClinicalImaging.Dicom.Text;

namespace ClinicalImaging.Dicom.Tests;

public class CharacterSetTests
{
    public static TheoryData<string, string> Names => new()
    {
        { "ISO_IR 100", "Buc^Jérôme" },
        { "ISO_IR 101", "Wałęsa^Lech" },
        { "ISO_IR 144", "Люкceмбypг" },
        { "ISO_IR 126", "Διονυσιος" },
        { "ISO_IR 127", "قباني^لنزار" },
        { "ISO_IR 138", "שרון^דבורה" },
        { "ISO_IR 166", "นายสมชาย" },
        { "ISO_IR 192", "Wang^XiaoDong=王^小東=" },
        { "GB18030", "Wang^XiaoDong=王^小东=" },
        { "GBK", "Wang^XiaoDong=王^小东=" },
        { "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        { "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        { "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동" },
    };

    /// <summary>Every name of <see cref="Names"/> written by us into its own file, and pydicom's reading of them all (one pydicom run).</summary>
    private static readonly Lazy<Dictionary<string, JsonObject>> PydicomNames = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("charset-");
        var paths = new Dictionary<string, string>();
        foreach (var row in Names)
        {
            var (specificCharacterSet, name) = ((string)row[0], (string)row[1]);
            var path = Path.Combine(folder.FullName, $"{paths.Count}.dcm");
            new DicomFile(new DicomDataset(), NameDataset(specificCharacterSet, name), DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
            paths[specificCharacterSet] = path;
        }

        var records = PydicomOracle.Run(paths.Values.ToList());
        folder.Delete(recursive: true);
        return paths.ToDictionary(p => p.Key, p => records[p.Value]);
    });

    [Theory]
    [MemberData(nameof(Names))]
    public void Names_we_encode_decode_the_same_for_us_and_for_pydicom(string specificCharacterSet, string name)
    {
        var dataset = NameDataset(specificCharacterSet, name);
        Assert.Equal(name.TrimEnd('='), dataset.GetString(DicomTags.PatientName)!.TrimEnd('='));

        var record = PydicomNames.Value[specificCharacterSet];
        var theirs = record["json"]!["00100010"]!["Value"]![0]!.AsObject();
        var ours = DicomPersonName.Parse(name);
        Assert.Equal(ours.Alphabetic, (string?)theirs["Alphabetic"] ?? string.Empty);
        Assert.Equal(ours.Ideographic, (string?)theirs["Ideographic"] ?? string.Empty);
        Assert.Equal(ours.Phonetic, (string?)theirs["Phonetic"] ?? string.Empty);
    }

    private static DicomDataset NameDataset(string specificCharacterSet, string name) => new DicomDataset()
        .Set(DicomTags.SOPClassUID, DicomUids.SecondaryCaptureImageStorage)
        .Set(DicomTags.SOPInstanceUID, DicomImplementation.NewUid())
        .Set(DicomTags.SpecificCharacterSet, specificCharacterSet)
        .Set(DicomTags.PatientName, name);

    [Fact]
    public void Chinese_ISO_2022_IR_58_names_decode_as_dcmtk_decodes_them()
    {
        // pydicom 2.3 writes IR 58 without its escape sequence and misreads it with one, so dcmtk is the oracle here.
        var dataset = new DicomDataset().Set(DicomTags.SpecificCharacterSet, "\\ISO 2022 IR 58").Set(DicomTags.PatientName, "Zhang^XiaoDong=张^小东=");
        var path = Path.Combine(Path.GetTempPath(), $"charset-{Guid.NewGuid():N}.dcm");
        try
        {
            new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
            var (exitCode, output) = Dcmdump.Run("+U8", path);

            Assert.Equal(0, exitCode);
            var line = output.Split('\n').Single(l => l.StartsWith("(0010,0010)", StringComparison.Ordinal));
            var dcmtk = line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.LastIndexOf(']')];
            Assert.Equal(dcmtk, DicomFile.Open(path).Dataset.GetString(DicomTags.PatientName));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Latin_9_is_ISO_8859_15()
    {
        var latin9 = DicomCharacterSet.FromTerms(["ISO_IR 203"]);
        Assert.Equal(Encoding.GetEncoding("iso-8859-15").GetBytes("Œuvre^€"), latin9.Encode("Œuvre^€", DicomVR.PN));
        Assert.Equal("Œuvre^€", latin9.Decode(Encoding.GetEncoding("iso-8859-15").GetBytes("Œuvre^€"), DicomVR.PN));
    }

    [Fact]
    public void Code_page_encodings_work_from_the_shared_framework_without_a_package()
    {
        var cyrillic = DicomCharacterSet.FromTerms(["ISO_IR 144"]);
        var bytes = cyrillic.Encode("Люк", DicomVR.LO);
        Assert.Equal(Encoding.GetEncoding(28595).GetBytes("Люк"), bytes);
        Assert.Equal("Люк", cyrillic.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Characters_outside_the_declared_sets_are_refused_on_encoding()
    {
        var latin1 = DicomCharacterSet.FromTerms(["ISO_IR 100"]);
        Assert.Throws<DicomValueException>(() => latin1.Encode("山田", DicomVR.PN));
    }

    [Fact]
    public void Sloppy_term_spellings_are_understood()
    {
        Assert.True(DicomCharacterSet.IsKnownTerm("ISO-IR 100"));
        Assert.True(DicomCharacterSet.IsKnownTerm("ISO_IR100"));
        Assert.Equal("é", DicomCharacterSet.FromTerms(["ISO-IR 100"]).Decode([0xE9], DicomVR.LO));
    }

    [Fact]
    public void Charset_files_decode_as_pydicom_decodes_them()
    {
        // The corpus theory covers every value; this pins one name per file for a reader of this test.
        var files = Directory.GetFiles(Path.Combine(Corpus.PydicomData, "charset_files"), "*.dcm").Order().ToList();
        var records = PydicomOracle.Run(files);
        foreach (var path in files)
        {
            using var file = DicomFile.Open(path);
            if (records[path]["json"]!["00100010"]?["Value"]?[0] is not JsonObject theirs)
            {
                continue;
            }

            var ours = file.Dataset.GetPersonName(DicomTags.PatientName)!;
            Assert.Equal((string?)theirs["Alphabetic"] ?? string.Empty, ours.Alphabetic);
            Assert.Equal((string?)theirs["Ideographic"] ?? string.Empty, ours.Ideographic);
            Assert.Equal((string?)theirs["Phonetic"] ?? string.Empty, ours.Phonetic);
        }
    }
}
