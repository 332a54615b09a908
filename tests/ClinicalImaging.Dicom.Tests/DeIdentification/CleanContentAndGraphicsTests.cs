using ClinicalImaging.Dicom.DeIdentification;
using static ClinicalImaging.Dicom.Tests.DeIdentification.DeidFixtures;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>
/// Clean Structured Content (PS3.15 E.3.4, Table E.3.4-1) and Clean Graphics (E.3.3) on real files: pydicom's IHE
/// simple image report (its private concept names recoded to the standard DCM codes of the same meaning, since
/// Table E.3.4-1 lists standard codes only), its ECG waveform with Acquisition Context and Waveform Annotation
/// Sequences, and a Grayscale Softcopy Presentation State made by dcmtk's dcmpsmk from CT_small with annotations added.
/// </summary>
public class CleanContentAndGraphicsTests
{
    private const string PatientFamilyName = "Smith";

    [Fact]
    public void Table_E_3_4_1_decides_each_listed_content_item_by_its_concept_name()
    {
        var original = Report();
        var observerName = ContentItem(original, "121008");
        var organization = ContentItem(original, "121009");
        var finding = ContentItem(original, "121071");

        var result = Deidentifier(DeidentificationOptions.CleanStructuredContent).Deidentify(original).Dataset;

        // Person Observer Name: D. Person Observer's Organization Name: X (the item goes). Finding: X/D (a dummy keeps the tree's shape).
        Assert.Equal("D", TableE341Action("121008"));
        Assert.Equal("ANONYMIZED", ContentItem(result, "121008").GetString(DicomTags.PersonName));
        Assert.Equal("X", TableE341Action("121009"));
        Assert.Null(FindContentItem(result, "121009"));
        Assert.Equal("X/D", TableE341Action("121071"));
        Assert.Equal("ANONYMIZED", ContentItem(result, "121071").GetString(DicomTags.TextValue));

        // The rest of each item (value type, concept name, relationship) stays; so do items the table does not list.
        Assert.Equal(observerName.GetString(DicomTags.ValueType), ContentItem(result, "121008").GetString(DicomTags.ValueType));
        Assert.Equal(finding.GetItems(DicomTags.ContentSequence).Count, ContentItem(result, "121071").GetItems(DicomTags.ContentSequence).Count);
        Assert.Equal(original.GetItems(DicomTags.ContentSequence).Count - 1, result.GetItems(DicomTags.ContentSequence).Count);
        Assert.NotNull(organization);
        Assert.Contains("113104", MethodCodes(result));
    }

    [Fact]
    public void With_other_options_listed_items_are_kept_or_cleaned_as_their_columns_say()
    {
        var original = Report();

        var result = Deidentifier(DeidentificationOptions.CleanStructuredContent | DeidentificationOptions.CleanDescriptors
            | DeidentificationOptions.RetainInstitutionIdentity).Deidentify(original).Dataset;

        // Finding is C under Clean Descriptors: the finding stays; the age-sex, the titled name (the observer's) and the date go.
        Assert.Equal("* seen by * on *: 2 cm mass in the left lobe.", ContentItem(result, "121071").GetString(DicomTags.TextValue));

        // Person Observer's Organization Name is K under Retain Institution Identity.
        Assert.Equal(ContentItem(original, "121009").GetString(DicomTags.TextValue), ContentItem(result, "121009").GetString(DicomTags.TextValue));
        Assert.Equal("ANONYMIZED", ContentItem(result, "121008").GetString(DicomTags.PersonName));
    }

    [Fact]
    public void Content_items_the_table_does_not_list_keep_their_text_without_the_identifiers_the_data_set_names()
    {
        var original = Read("test_files/test-SR.dcm");
        var texts = Walk(original).Where(e => e.Element.Tag == DicomTags.TextValue).Select(e => e.Owner.GetString(DicomTags.TextValue)).ToArray();
        var dates = Walk(original).Count(e => e.Element.Tag == DicomTags.Date);

        var result = Deidentifier(DeidentificationOptions.CleanStructuredContent).Deidentify(original).Dataset;

        // test-SR's concept names are private (99_OFFIS_DCMTK): no row applies, its texts hold no identifiers and stay,
        // while DATE, TIME and DATETIME items follow Table E.1-1 (D) as without the option.
        Assert.Equal(texts, Walk(result).Where(e => e.Element.Tag == DicomTags.TextValue).Select(e => e.Owner.GetString(DicomTags.TextValue)).ToArray());
        Assert.Equal(dates, Walk(result).Count(e => e.Element.Tag == DicomTags.Date && e.Owner.GetString(DicomTags.Date) == "19000101"));
        Assert.DoesNotContain(Walk(result), e => e.Element.Tag == DicomTags.UID && e.Owner.GetString(DicomTags.UID) == "1.2.3.4.5");
    }

    [Fact]
    public void Acquisition_context_and_waveform_annotations_stay_cleaned_instead_of_emptied_or_dummied()
    {
        var original = Read("test_files/waveform_ecg.dcm");
        var context = original.GetItems(DicomTags.AcquisitionContextSequence);
        var annotations = original.GetItems(DicomTags.WaveformAnnotationSequence);
        Assert.Contains(annotations, a => a.GetString(DicomTags.UnformattedTextValue) == "RITMO SINUSALE");

        var basic = Deidentifier().Deidentify(original).Dataset;
        var cleaned = Deidentifier(DeidentificationOptions.CleanStructuredContent).Deidentify(original).Dataset;

        Assert.Empty(basic.GetItems(DicomTags.AcquisitionContextSequence));
        Assert.All(basic.GetItems(DicomTags.WaveformAnnotationSequence).Where(a => a.Contains(DicomTags.UnformattedTextValue)),
            a => Assert.Equal("ANONYMIZED", a.GetString(DicomTags.UnformattedTextValue)));

        // The annotations keep their text, except terms that an attribute the profile removes holds: the Study
        // Description (X) of this file is "ECG", so "ECG NORMALE" becomes "* NORMALE".
        Assert.Equal("ECG", original.GetString(DicomTags.StudyDescription));
        Assert.Equal(context.Count, cleaned.GetItems(DicomTags.AcquisitionContextSequence).Count);
        Assert.Equal(
            annotations.Select(a => a.GetString(DicomTags.UnformattedTextValue)?.Replace("ECG", "*", StringComparison.Ordinal)).ToArray(),
            cleaned.GetItems(DicomTags.WaveformAnnotationSequence).Select(a => a.GetString(DicomTags.UnformattedTextValue)).ToArray());
    }

    [Fact]
    public void Clean_graphics_cleans_text_annotations_and_keeps_the_graphics()
    {
        var original = PresentationState();

        var basic = Deidentifier().Deidentify(original).Dataset;
        var cleaned = Deidentifier(DeidentificationOptions.CleanGraphics).Deidentify(original).Dataset;

        Assert.Equal("ANONYMIZED", TextObject(basic).GetString(DicomTags.UnformattedTextValue));
        // "Dr. Smith" (a title and a name) and "20F" (age and sex) go; the measurement stays.
        Assert.Equal("*, *: lesion 12 mm", TextObject(cleaned).GetString(DicomTags.UnformattedTextValue));
        var originalLayer = original.GetItems(DicomTags.GraphicAnnotationSequence)[0];
        var cleanedLayer = cleaned.GetItems(DicomTags.GraphicAnnotationSequence)[0];
        Assert.Equal(Bytes(originalLayer.GetItems(DicomTags.GraphicObjectSequence)[0].Find(DicomTags.GraphicData)!), Bytes(cleanedLayer.GetItems(DicomTags.GraphicObjectSequence)[0].Find(DicomTags.GraphicData)!));
        Assert.Contains("113103", MethodCodes(cleaned));
    }

    [Fact]
    public void Clean_graphics_keeps_curve_data_and_cleans_its_text()
    {
        var original = OverlaidImage();
        var curveData = new DicomTag(0x5000, 0x3000);
        original.Set(new DicomTag(0x5000, 0x0005), (ushort)2).Set(new DicomTag(0x5000, 0x0010), (ushort)2)
            .Set(new DicomTag(0x5000, 0x0022), $"{PatientFamilyName} pressure trace")
            .Set(curveData, DicomVR.OW, (ReadOnlyMemory<byte>)new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 });

        var basic = Deidentifier().Deidentify(original).Dataset;
        var cleaned = Deidentifier(DeidentificationOptions.CleanGraphics).Deidentify(original).Dataset;

        Assert.DoesNotContain(basic, e => e.Tag.Group == 0x5000);
        Assert.Equal(Bytes(original.Find(curveData)!), Bytes(cleaned.Find(curveData)!));
        Assert.Equal(2, cleaned.GetInt32(new DicomTag(0x5000, 0x0010)));
        Assert.Equal("* pressure trace", cleaned.GetString(new DicomTag(0x5000, 0x0022)));
    }

    [Fact]
    public void Clean_graphics_keeps_a_region_of_interest_overlay_and_removes_a_graphics_overlay()
    {
        var original = OverlaidImage();

        var basic = Deidentifier().Deidentify(original).Dataset;
        var cleaned = Deidentifier(DeidentificationOptions.CleanGraphics).Deidentify(original).Dataset;

        Assert.DoesNotContain(basic, e => e.Tag.Group is 0x6000 or 0x6002);
        Assert.Equal(Bytes(original.Find(new DicomTag(0x6000, 0x3000))!), Bytes(cleaned.Find(new DicomTag(0x6000, 0x3000))!));
        Assert.Equal("* tumour outline", cleaned.GetString(new DicomTag(0x6000, 0x0022)));
        Assert.Equal("Reviewed with *", cleaned.GetString(new DicomTag(0x6000, 0x4000)));
        Assert.Equal("R", cleaned.GetString(new DicomTag(0x6000, 0x0040)));
        Assert.Equal(112.5, cleaned.GetDouble(new DicomTag(0x6000, 0x1302))); // ROI Mean: a number, not text
        Assert.DoesNotContain(cleaned, e => e.Tag.Group == 0x6002);
    }

    /// <summary>pydicom's reportsi.dcm, its IHE concept names recoded to the standard codes, with identifying values filled in.</summary>
    internal static DicomDataset Report()
    {
        var report = Read("test_files/reportsi.dcm");
        Recode(report, "IHE.04", "121008", "Person Observer Name").Set(DicomTags.PersonName, $"{PatientFamilyName}^Anna");
        Recode(report, "IHE.05", "121009", "Person Observer's Organization Name").Set(DicomTags.TextValue, "JFK IMAGING CENTER");
        Recode(report, "IHE.09", "121071", "Finding").Set(DicomTags.TextValue, $"55F seen by Dr. {PatientFamilyName} on 2004-01-19: 2 cm mass in the left lobe.");
        return report;
    }

    /// <summary>CT_small with the patient renamed, an ROI overlay (60xx type R) and a graphics overlay (type G), each with text naming the patient.</summary>
    internal static DicomDataset OverlaidImage()
    {
        var image = Read("test_files/CT_small.dcm");
        image.Set(DicomTags.PatientName, $"{PatientFamilyName}^John");
        AddOverlay(image, group: 0x6000, type: "R", description: $"{PatientFamilyName} tumour outline");
        AddOverlay(image, group: 0x6002, type: "G", description: "annotation layer");
        return image;
    }

    /// <summary>dcmpsmk's presentation state for CT_small, with a graphic layer holding a polyline and a text object.</summary>
    internal static DicomDataset PresentationState()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("deid-gsps-").FullName, "gsps.dcm");
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/dcmpsmk", [Support.Corpus.PathOf("test_files/CT_small.dcm"), path]) { UseShellExecute = false };
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
            }

            using var file = DicomFile.Open(path);
            var state = file.Dataset;
            state.Set(DicomTags.PatientName, $"{PatientFamilyName}^John");
            state.Set(DicomTags.GraphicLayerSequence, [new DicomDataset().Set(DicomTags.GraphicLayer, "ANNOTATIONS").Set(DicomTags.GraphicLayerOrder, "1")]);
            var referencedImage = state.GetItems(DicomTags.ReferencedSeriesSequence)[0].GetItems(DicomTags.ReferencedImageSequence);
            var text = new DicomDataset()
                .Set(DicomTags.UnformattedTextValue, $"Dr. {PatientFamilyName}, 20F: lesion 12 mm")
                .Set(DicomTags.AnchorPointAnnotationUnits, "PIXEL")
                .Set(DicomTags.AnchorPoint, 10f, 20f)
                .Set(DicomTags.AnchorPointVisibility, "N");
            var polyline = new DicomDataset()
                .Set(DicomTags.GraphicAnnotationUnits, "PIXEL")
                .Set(DicomTags.GraphicDimensions, (ushort)2)
                .Set(DicomTags.NumberOfGraphicPoints, (ushort)2)
                .Set(DicomTags.GraphicData, 10f, 10f, 40f, 40f)
                .Set(DicomTags.GraphicType, "POLYLINE")
                .Set(DicomTags.GraphicFilled, "N");
            state.Set(DicomTags.GraphicAnnotationSequence,
            [
                new DicomDataset()
                    .Set(DicomTags.ReferencedImageSequence, referencedImage.Select(CopyOf))
                    .Set(DicomTags.GraphicLayer, "ANNOTATIONS")
                    .Set(DicomTags.TextObjectSequence, [text])
                    .Set(DicomTags.GraphicObjectSequence, [polyline]),
            ]);
            return state;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static DicomDataset CopyOf(DicomDataset item) => new(item);

    private static void AddOverlay(DicomDataset image, ushort group, string type, string description) =>
        image.Set(new DicomTag(group, 0x0010), (ushort)8).Set(new DicomTag(group, 0x0011), (ushort)8)
            .Set(new DicomTag(group, 0x0022), description)
            .Set(new DicomTag(group, 0x0040), type).Set(new DicomTag(group, 0x0050), (short)1, (short)1)
            .Set(new DicomTag(group, 0x0100), (ushort)1).Set(new DicomTag(group, 0x0102), (ushort)0)
            .Set(new DicomTag(group, 0x1301), "20").Set(new DicomTag(group, 0x1302), "112.5")
            .Set(new DicomTag(group, 0x3000), DicomVR.OW, (ReadOnlyMemory<byte>)new byte[] { 0x18, 0x3C, 0x7E, 0xFF, 0xFF, 0x7E, 0x3C, 0x18 })
            .Set(new DicomTag(group, 0x4000), $"Reviewed with {PatientFamilyName}");

    private static DicomDataset Recode(DicomDataset report, string privateCode, string code, string meaning)
    {
        var item = Walk(report).Select(e => e.Owner)
            .First(o => o.GetItems(DicomTags.ConceptNameCodeSequence) is [var concept] && concept.GetString(DicomTags.CodeValue) == privateCode);
        item.Set(DicomTags.ConceptNameCodeSequence,
            [new DicomDataset().Set(DicomTags.CodeValue, code).Set(DicomTags.CodingSchemeDesignator, "DCM").Set(DicomTags.CodeMeaning, meaning)]);
        return item;
    }

    private static DicomDataset? FindContentItem(DicomDataset report, string code) =>
        Walk(report).Select(e => e.Owner).FirstOrDefault(o => o.GetItems(DicomTags.ConceptNameCodeSequence) is [var concept] && concept.GetString(DicomTags.CodeValue) == code);

    private static DicomDataset ContentItem(DicomDataset report, string code) => FindContentItem(report, code) ?? throw new InvalidOperationException($"No content item {code}.");

    private static DicomDataset TextObject(DicomDataset state) => state.GetItems(DicomTags.GraphicAnnotationSequence)[0].GetItems(DicomTags.TextObjectSequence)[0];

    private static string TableE341Action(string code) =>
        AnnexETable.ReadTsv("deid_clean_structured_content_codes.tsv").Single(r => r["code_value"] == code && r["coding_scheme_designator"] == "DCM")["basic_profile"];

    private static string[] MethodCodes(DicomDataset result) => result.GetItems(DicomTags.DeidentificationMethodCodeSequence).Select(i => i.GetString(DicomTags.CodeValue)!).ToArray();
}
