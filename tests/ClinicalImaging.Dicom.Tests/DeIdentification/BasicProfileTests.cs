using ClinicalImaging.Dicom.DeIdentification;
using static ClinicalImaging.Dicom.Tests.DeIdentification.DeidFixtures;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>The Basic Profile on real files, checked against Table E.1-1 read from the TSV.</summary>
public class BasicProfileTests
{
    private const DeidentificationOptions AllImplementedOptions =
        DeidentificationOptions.RetainSafePrivate | DeidentificationOptions.RetainUids | DeidentificationOptions.RetainDeviceIdentity
        | DeidentificationOptions.RetainInstitutionIdentity | DeidentificationOptions.RetainPatientCharacteristics
        | DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates | DeidentificationOptions.CleanDescriptors;

    /// <summary>Each test file beside its Basic Profile result, made once for the action-code theory.</summary>
    private static readonly Lazy<(string File, DicomDataset Original, DicomDataset Result)[]> BasicResults =
        new(() => Files.Select(f => (f, Read(f))).Select(p => (p.Item1, p.Item2, Deidentifier().Deidentify(p.Item2).Dataset)).ToArray());

    public static TheoryData<string> FileNames => new(Files);

    public static TheoryData<string> ActionCodes => new(AnnexETable.All.Select(r => r.Fields["basic_profile"]).Distinct());

    [Theory]
    [MemberData(nameof(FileNames))]
    public void No_attribute_the_table_removes_survives_at_any_depth(string file)
    {
        var original = Read(file);

        foreach (var options in new[] { DeidentificationOptions.None, AllImplementedOptions })
        {
            var result = Deidentifier(options).Deidentify(original).Dataset;

            foreach (var (_, element) in Walk(result))
            {
                Assert.False(element.Tag.Group is 0x0002 or 0x0004, $"{file}: {element.Tag} (file meta or directory group) survived");
                if ((element.Tag.Group & 1) == 1)
                {
                    Assert.True(options.HasFlag(DeidentificationOptions.RetainSafePrivate), $"{file}: private {element.Tag} survived the Basic Profile");
                    continue;
                }

                Assert.True(AnnexETable.ActionOf(element.Tag, options) != "X", $"{file} ({options}): {element.Tag} is X in Table E.1-1 but survived");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ActionCodes))]
    public void Each_basic_profile_action_code_does_what_annex_E_says_on_real_files(string code)
    {
        var checkedOccurrences = 0;
        foreach (var (file, original, result) in BasicResults.Value)
        {
            foreach (var pair in Pairs(original, result).Where(p => (p.Original.Tag.Group & 1) == 0 && AnnexETable.ActionOf(p.Original.Tag) == code))
            {
                CheckOutcome(code, pair, $"{file} {pair.Original.Tag} at depth {pair.Depth}");
                checkedOccurrences++;
            }
        }

        Assert.True(checkedOccurrences > 0, $"No test file holds an attribute with action {code}.");
    }

    [Fact]
    public void Private_attributes_and_their_creators_are_removed_at_every_depth()
    {
        foreach (var file in new[] { "test_files/CT_small.dcm", "test_files/nested_priv_SQ.dcm", "test_files/priv_SQ.dcm" })
        {
            var original = Read(file);
            Assert.Contains(Walk(original), e => (e.Element.Tag.Group & 1) == 1);

            var outcome = Deidentifier().Deidentify(original);

            Assert.DoesNotContain(Walk(outcome.Dataset), e => (e.Element.Tag.Group & 1) == 1);
            Assert.True(outcome.Summary[DeidentificationOutcome.PrivateRemoved] > 0);
        }
    }

    [Fact]
    public void Free_text_of_structured_report_content_items_becomes_a_dummy_at_every_depth()
    {
        var original = Read("test_files/reportsi.dcm");
        var texts = Walk(original).Where(e => e.Element.Tag == DicomTags.TextValue).ToArray();
        Assert.NotEmpty(texts);

        var result = Deidentifier().Deidentify(original).Dataset;

        var replaced = Walk(result).Where(e => e.Element.Tag == DicomTags.TextValue).Select(e => e.Owner.GetString(DicomTags.TextValue)).ToArray();
        Assert.Equal(texts.Length, replaced.Length);
        Assert.All(replaced, text => Assert.Equal("ANONYMIZED", text));
    }

    [Fact]
    public void Curves_go_and_an_overlay_that_loses_its_data_goes_whole()
    {
        var original = Read("test_files/CT_small.dcm");
        original.Set(new DicomTag(0x6000, 0x0010), (ushort)2).Set(new DicomTag(0x6000, 0x0011), (ushort)8)
            .Set(new DicomTag(0x6000, 0x0040), "G").Set(new DicomTag(0x6000, 0x0050), (short)1, (short)1)
            .Set(new DicomTag(0x6000, 0x0100), (ushort)1).Set(new DicomTag(0x6000, 0x0102), (ushort)0)
            .Set(new DicomTag(0x6000, 0x3000), DicomVR.OW, (ReadOnlyMemory<byte>)new byte[2])
            .Set(new DicomTag(0x6000, 0x4000), "Smith's scan")
            .Set(new DicomTag(0x5000, 0x0005), (ushort)2)
            .Set(new DicomTag(0x5000, 0x3000), DicomVR.OW, (ReadOnlyMemory<byte>)new byte[8]);

        var result = Deidentifier().Deidentify(original).Dataset;

        Assert.DoesNotContain(result, e => e.Tag.Group is 0x5000 or 0x6000);
        Assert.Equal(original.GetUid(DicomTags.SOPClassUID), result.GetUid(DicomTags.SOPClassUID));
    }

    [Fact]
    public void Markers_say_the_patient_identity_was_removed_by_the_basic_profile()
    {
        var result = Deidentifier().Deidentify(Read("test_files/CT_small.dcm")).Dataset;

        Assert.Equal("YES", result.GetString(DicomTags.PatientIdentityRemoved));
        Assert.Equal(DicomDeidentifier.MethodDescription, result.GetString(DicomTags.DeidentificationMethod));
        var code = Assert.Single(result.GetItems(DicomTags.DeidentificationMethodCodeSequence));
        Assert.Equal("113100", code.GetString(DicomTags.CodeValue));
        Assert.Equal("DCM", code.GetString(DicomTags.CodingSchemeDesignator));
        Assert.Equal("REMOVED", result.GetString(DicomTags.LongitudinalTemporalInformationModified));
    }

    [Fact]
    public void The_input_data_set_is_left_unchanged()
    {
        var original = Read("test_files/rtplan.dcm");
        var before = Walk(original).Select(e => (e.Element.Tag, e.Element is DicomValueElement v ? Convert.ToBase64String(v.Buffer.GetBytes().Span) : null)).ToArray();

        _ = Deidentifier().Deidentify(original);

        Assert.Equal(before, Walk(original).Select(e => (e.Element.Tag, e.Element is DicomValueElement v ? Convert.ToBase64String(v.Buffer.GetBytes().Span) : null)).ToArray());
    }

    [Fact]
    public void Patient_name_and_id_become_the_supplied_replacement()
    {
        var original = Read("test_files/CT_small.dcm");
        PatientIdentity? seen = null;
        var deidentifier = new DicomDeidentifier(new DicomDeidentifierOptions
        {
            UidKey = UidKey,
            ReplacePatient = identity =>
            {
                seen = identity;
                return new ReplacementPatient("SUBJ-0042", "Subject^0042");
            },
        });

        var result = deidentifier.Deidentify(original).Dataset;

        Assert.Equal(original.GetString(DicomTags.PatientID), seen!.PatientId);
        Assert.Equal("SUBJ-0042", result.GetString(DicomTags.PatientID));
        Assert.Equal("Subject^0042", result.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Options_that_cannot_be_honoured_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new DicomDeidentifier(new DicomDeidentifierOptions { UidKey = new byte[4] }));
        Assert.Throws<ArgumentException>(() => new DicomDeidentifier(new DicomDeidentifierOptions
        {
            UidKey = UidKey,
            ProfileOptions = DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates,
        }));
        Assert.Throws<ArgumentException>(() => Deidentifier(DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates | DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates));
    }

    /// <summary>What each code must leave, per Table E.1-1a and the documented resolution of combined codes.</summary>
    private static void CheckOutcome(string code, Pair pair, string where)
    {
        var original = pair.Original;
        var result = pair.Result;
        var hadValue = !IsEmpty(original);
        var isPatientIdentity = pair.Depth == 0 && (original.Tag == DicomTags.PatientID || original.Tag == DicomTags.PatientName);
        switch (code)
        {
            case "X":
                Assert.True(result is null, $"{where}: X but present");
                return;
            case "U":
                Assert.True(result is not null, $"{where}: U but removed");
                if (hadValue)
                {
                    var uids = pair.ResultOwner.GetStrings(original.Tag);
                    Assert.All(uids, uid => Assert.StartsWith("2.25.", uid, StringComparison.Ordinal));
                    Assert.Empty(uids.Intersect(pair.OriginalOwner.GetStrings(original.Tag)));
                }

                return;
            case "X/Z/U*":
                var sequence = Assert.IsType<DicomSequence>(result);
                Assert.Equal(((DicomSequence)original).Items.Count, sequence.Items.Count);
                return;
        }

        Assert.True(result is not null, $"{where}: {code} but removed");
        var wantsDummy = hadValue && (code is "D" or "Z/D" or "X/D" || (code == "X/Z/D" && original is not DicomSequence));
        if (isPatientIdentity)
        {
            Assert.StartsWith("ANON-", pair.ResultOwner.GetString(original.Tag), StringComparison.Ordinal);
        }
        else if (wantsDummy && original is DicomSequence dummySequence)
        {
            Assert.Equal(dummySequence.Items.Count, ((DicomSequence)result).Items.Count);
        }
        else if (wantsDummy)
        {
            Assert.False(IsEmpty(result), $"{where}: {code} on a value needs a dummy");
            Assert.NotEqual(Bytes(original), Bytes(result));
        }
        else
        {
            Assert.True(IsEmpty(result), $"{where}: {code} should leave zero length");
        }
    }
}
