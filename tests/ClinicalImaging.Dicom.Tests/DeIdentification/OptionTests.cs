using System.Globalization;
using ClinicalImaging.Dicom.DeIdentification;
using ClinicalImaging.Dicom.Generator;
using static ClinicalImaging.Dicom.Tests.DeIdentification.DeidFixtures;

namespace ClinicalImaging.Dicom.Tests.DeIdentification;

/// <summary>UID replacement, dates, the Annex E options and the CID 7050 codes, on real files.</summary>
public class OptionTests
{
    public static TheoryData<DeidentificationOptions> RetainOptions => new(
        DeidentificationOptions.RetainUids,
        DeidentificationOptions.RetainDeviceIdentity,
        DeidentificationOptions.RetainInstitutionIdentity,
        DeidentificationOptions.RetainPatientCharacteristics,
        DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates);

    [Fact]
    public void UIDs_are_replaced_consistently_across_the_instances_of_a_study_and_across_runs()
    {
        var first = Read("test_files/CT_small.dcm");
        var second = Read("test_files/CT_small.dcm");
        second.Set(DicomTags.SOPInstanceUID, DicomImplementation.NewUid());

        var a = Deidentifier().Deidentify(first).Dataset;
        var b = Deidentifier().Deidentify(second).Dataset;

        foreach (var tag in new[] { DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.FrameOfReferenceUID })
        {
            Assert.NotEqual(first.GetUid(tag), a.GetUid(tag));
            Assert.Equal(a.GetUid(tag), b.GetUid(tag));
        }

        Assert.NotEqual(a.GetUid(DicomTags.SOPInstanceUID), b.GetUid(DicomTags.SOPInstanceUID));
        Assert.Equal(first.GetUid(DicomTags.SOPClassUID), a.GetUid(DicomTags.SOPClassUID));
        Assert.Equal(a.GetUid(DicomTags.StudyInstanceUID), Deidentifier().Deidentify(Read("test_files/CT_small.dcm")).Dataset.GetUid(DicomTags.StudyInstanceUID));
        Assert.NotEqual(a.GetUid(DicomTags.StudyInstanceUID), Deidentifier(uidKey: DateKey).Deidentify(first).Dataset.GetUid(DicomTags.StudyInstanceUID));
    }

    [Theory]
    [MemberData(nameof(BasicProfileTests.FileNames), MemberType = typeof(BasicProfileTests))]
    public void Each_original_UID_maps_to_one_valid_replacement_wherever_it_appears(string file)
    {
        var original = Read(file);
        var result = Deidentifier().Deidentify(original).Dataset;

        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Pairs(original, result).Where(p => p.Original.VR == DicomVR.UI && p.Result is not null && AnnexETable.ActionOf(p.Original.Tag) == "U"))
        {
            foreach (var (before, after) in pair.OriginalOwner.GetStrings(pair.Original.Tag).Zip(pair.ResultOwner.GetStrings(pair.Original.Tag)))
            {
                Assert.Matches(@"^2\.25\.(0|[1-9][0-9]*)$", after);
                Assert.True(after.Length <= 64);
                Assert.Equal(mapping.GetValueOrDefault(before, after), after);
                mapping[before] = after;
            }
        }

        Assert.Equal(mapping.Count, mapping.Values.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RetainOptions))]
    public void A_retain_option_keeps_every_attribute_its_column_marks_K(DeidentificationOptions option)
    {
        var column = DeidentificationTableGenerator.OptionColumns[System.Numerics.BitOperations.Log2((uint)option)];
        var kept = 0;
        foreach (var file in Files)
        {
            var original = Read(file);
            var result = Deidentifier(option).Deidentify(original).Dataset;
            foreach (var element in original.Where(e => (e.Tag.Group & 1) == 0 && AnnexETable.ActionOf(e.Tag, option) == "K" && e is DicomValueElement))
            {
                var counterpart = result.Find(element.Tag);
                Assert.True(counterpart is not null, $"{file}: {element.Tag} is K under {column} but was removed");
                Assert.Equal(Bytes(element), Bytes(counterpart));
                kept++;
            }

            var codes = result.GetItems(DicomTags.DeidentificationMethodCodeSequence).Select(i => i.GetString(DicomTags.CodeValue)!).ToArray();
            Assert.Equal(["113100", DeidentificationMethodCodes.ForOption(option).CodeValue], codes);
        }

        Assert.True(kept > 0, $"No test file holds an attribute that {column} keeps.");
    }

    [Fact]
    public void Modified_dates_shift_every_date_of_a_patient_by_the_same_keyed_offset()
    {
        const DeidentificationOptions modified = DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates;
        var original = Read("test_files/CT_small.dcm");
        var copy = Read("test_files/CT_small.dcm");
        copy.Set(DicomTags.SOPInstanceUID, DicomImplementation.NewUid());

        var result = Deidentifier(modified).Deidentify(original).Dataset;
        var copyResult = Deidentifier(modified).Deidentify(copy).Dataset;

        var shifts = new HashSet<int>();
        foreach (var element in original.Where(e => e.VR == DicomVR.DA && !IsEmpty(e)))
        {
            var before = original.GetDate(element.Tag)!.Value;
            var after = result.GetDate(element.Tag)!.Value;
            shifts.Add(after.DayNumber - before.DayNumber);
            Assert.Equal(result.GetString(element.Tag), copyResult.GetString(element.Tag));
        }

        var shift = Assert.Single(shifts);
        Assert.InRange(shift, -3652, -1);
        foreach (var element in original.Where(e => e.VR == DicomVR.TM))
        {
            Assert.Equal(original.GetString(element.Tag), result.GetString(element.Tag));
        }

        Assert.Equal("MODIFIED", result.GetString(DicomTags.LongitudinalTemporalInformationModified));
        var otherPatient = Read("test_files/MR_small.dcm");
        var otherShift = Deidentifier(modified).Deidentify(otherPatient).Dataset.GetDate(DicomTags.StudyDate)!.Value.DayNumber - otherPatient.GetDate(DicomTags.StudyDate)!.Value.DayNumber;
        Assert.NotEqual(shift, otherShift);
    }

    [Fact]
    public void Full_dates_are_kept_and_marked_unmodified()
    {
        var original = Read("test_files/CT_small.dcm");
        var result = Deidentifier(DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates).Deidentify(original).Dataset;

        Assert.Equal(original.GetString(DicomTags.StudyDate), result.GetString(DicomTags.StudyDate));
        Assert.Equal("UNMODIFIED", result.GetString(DicomTags.LongitudinalTemporalInformationModified));
    }

    [Fact]
    public void Clean_descriptors_removes_names_ids_dates_and_ages_that_the_profile_removes_elsewhere()
    {
        var original = Read("test_files/CT_small.dcm");
        var family = original.GetPersonName(DicomTags.PatientName)!.FamilyName;
        var institution = original.GetString(DicomTags.InstitutionName)!;
        original.Set(DicomTags.StudyDescription, $"CT chest {family} - 55F Dr. Smith 2004-01-19 at {institution}");
        original.Set(DicomTags.SeriesDescription, "Axial 5mm soft tissue, 3D MPR 2M");

        var result = Deidentifier(DeidentificationOptions.CleanDescriptors).Deidentify(original).Dataset;

        Assert.Equal("CT chest * - * * * at *", result.GetString(DicomTags.StudyDescription));
        Assert.Equal("Axial 5mm soft tissue, 3D MPR 2M", result.GetString(DicomTags.SeriesDescription));
        Assert.Null(Deidentifier().Deidentify(original).Dataset.GetString(DicomTags.StudyDescription));
    }

    [Fact]
    public void Retain_safe_private_keeps_exactly_the_listed_private_attributes_and_their_creators()
    {
        var original = Read("test_files/CT_small.dcm");
        var safeTable = AnnexETable.ReadTsv("deid_safe_private_attributes.tsv")
            .Select(row => (Group: row["data_element"][1..5], Element: row["data_element"][8..10], Creator: row["private_creator"]))
            .ToHashSet();
        var expected = original
            .Where(e => e.Tag.PrivateCreatorTag is not null
                && safeTable.Contains((e.Tag.Group.ToString("X4", CultureInfo.InvariantCulture), (e.Tag.Element & 0xFF).ToString("X2", CultureInfo.InvariantCulture), original.GetPrivateCreator(e.Tag)!)))
            .Select(e => e.Tag)
            .ToList();
        Assert.NotEmpty(expected);
        expected.AddRange(expected.Select(t => t.PrivateCreatorTag!.Value).Distinct().ToList());

        var result = Deidentifier(DeidentificationOptions.RetainSafePrivate).Deidentify(original).Dataset;

        Assert.Equal(expected.Order(), result.Where(e => e.Tag.IsPrivate).Select(e => e.Tag).Order());
        Assert.All(expected.Where(t => !t.IsPrivateCreator), tag => Assert.Equal(Bytes(original.Find(tag)!), Bytes(result.Find(tag)!)));
    }

    [Fact]
    public void Method_codes_are_those_of_CID_7050_in_pydicom()
    {
        var pydicom = Support.Python.RunJson(
            "import json\nfrom pydicom.sr.codedict import codes\nfrom pydicom.sr._cid_dict import cid_concepts\n" +
            "print(json.dumps({getattr(codes.DCM, k).value: getattr(codes.DCM, k).meaning for k in cid_concepts[7050]['DCM']}))").AsObject();
        var ours = new[] { DeidentificationMethodCodes.BasicApplicationConfidentialityProfile }
            .Concat(Enum.GetValues<DeidentificationOptions>().Where(o => o != DeidentificationOptions.None).Select(DeidentificationMethodCodes.ForOption))
            .ToArray();

        Assert.All(ours, code => Assert.Equal("DCM", code.CodingSchemeDesignator));
        Assert.All(ours, code => Assert.Equal((string?)pydicom[code.CodeValue], code.CodeMeaning));
    }
}
