using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Dicom;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>
/// What an ImagingStudy is made from, whether the study is in the archive (<see cref="FromStudyView"/>) or in DICOM
/// data sets at hand (<see cref="FromDatasets"/>): the study, series and instance attributes of the DICOM modules.
/// </summary>
public sealed record ImagingStudySource(
    string StudyInstanceUid,
    Reference Subject,
    string? AccessionNumber,
    string? Description,
    DateOnly? StudyDate,
    TimeOnly? StudyTime,
    IReadOnlyList<DicomCode> ProcedureCodes,
    IReadOnlyList<DicomCode> ReasonCodes,
    string? ReasonText,
    IReadOnlyList<SeriesSource> Series)
{
    /// <summary>
    /// A stored study: its index (<paramref name="study"/>) and the stored header of one of its instances
    /// (<paramref name="studyHeader"/>), which carries the study-level codes the index does not keep.
    /// </summary>
    public static ImagingStudySource FromStudyView(StudyView study, DicomDataset? studyHeader, Reference subject)
    {
        ArgumentNullException.ThrowIfNull(study);
        return new ImagingStudySource(
            study.StudyInstanceUid,
            subject,
            study.Details.AccessionNumber,
            study.Details.Description,
            study.Details.StudyDate,
            study.Details.StudyTime,
            studyHeader is null ? [] : DicomCode.ReadAll(studyHeader, DicomTags.ProcedureCodeSequence),
            studyHeader is null ? [] : ReasonCodesOf(studyHeader),
            studyHeader is null ? null : ReasonTextOf(studyHeader),
            study.Series.Select(s => new SeriesSource(
                s.SeriesInstanceUid,
                s.Details.SeriesNumber,
                s.Details.Modality,
                s.Details.Description,
                s.Details.BodyPartExamined,
                s.Details.Laterality,
                s.Details.SeriesDate,
                s.Details.SeriesTime,
                s.Instances.Select(i => new InstanceSource(i.SopInstanceUid, i.SopClassUid, i.InstanceNumber, null)).ToList())).ToList());
    }

    /// <summary>The one study that <paramref name="datasets"/> (its instances, in any order) belong to.</summary>
    public static ImagingStudySource FromDatasets(IReadOnlyList<DicomDataset> datasets, Reference subject)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        if (datasets.Count == 0)
        {
            throw new FhirFormatException("no DICOM data sets to describe");
        }

        var first = datasets[0];
        var studyUid = RequiredUid(first, DicomTags.StudyInstanceUID);
        if (datasets.FirstOrDefault(d => d.GetUid(DicomTags.StudyInstanceUID)?.Trim() != studyUid) is { } stranger)
        {
            throw new FhirFormatException($"the data sets belong to more than one study ({studyUid}, {stranger.GetUid(DicomTags.StudyInstanceUID)})");
        }

        var series = datasets
            .GroupBy(d => RequiredUid(d, DicomTags.SeriesInstanceUID), StringComparer.Ordinal)
            .Select(group =>
            {
                var head = group.First();
                return new SeriesSource(
                    group.Key,
                    Integer(head, DicomTags.SeriesNumber),
                    Text(head, DicomTags.Modality),
                    Text(head, DicomTags.SeriesDescription),
                    Text(head, DicomTags.BodyPartExamined),
                    Text(head, DicomTags.Laterality) ?? Text(head, DicomTags.ImageLaterality),
                    SafeDate(head, DicomTags.SeriesDate),
                    SafeTime(head, DicomTags.SeriesTime),
                    group.Select(d => new InstanceSource(
                            RequiredUid(d, DicomTags.SOPInstanceUID),
                            RequiredUid(d, DicomTags.SOPClassUID),
                            Integer(d, DicomTags.InstanceNumber),
                            TitleOf(d)))
                        .OrderBy(i => i.Number ?? int.MaxValue).ToList());
            })
            .OrderBy(s => s.Number ?? int.MaxValue)
            .ToList();

        return new ImagingStudySource(
            studyUid,
            subject,
            Text(first, DicomTags.AccessionNumber),
            Text(first, DicomTags.StudyDescription),
            SafeDate(first, DicomTags.StudyDate),
            SafeTime(first, DicomTags.StudyTime),
            DicomCode.ReadAll(first, DicomTags.ProcedureCodeSequence),
            ReasonCodesOf(first),
            ReasonTextOf(first),
            series);
    }

    // The reason may sit at the top level (Imaging Service Request) or in the Request Attributes of a performed procedure.
    private static List<DicomCode> ReasonCodesOf(DicomDataset ds) =>
        DicomCode.ReadAll(ds, DicomTags.ReasonForRequestedProcedureCodeSequence)
            .Concat(ds.GetItems(DicomTags.RequestAttributesSequence).SelectMany(item => DicomCode.ReadAll(item, DicomTags.ReasonForRequestedProcedureCodeSequence)))
            .Distinct()
            .ToList();

    private static string? ReasonTextOf(DicomDataset ds) =>
        Text(ds, DicomTags.ReasonForTheRequestedProcedure)
        ?? ds.GetItems(DicomTags.RequestAttributesSequence).Select(item => Text(item, DicomTags.ReasonForTheRequestedProcedure)).FirstOrDefault(t => t is not null);

    /// <summary>A document's title (SR, encapsulated documents) or a presentation's label; images have none.</summary>
    private static string? TitleOf(DicomDataset ds) =>
        (DicomCode.ReadAll(ds, DicomTags.ConceptNameCodeSequence) is [var concept, ..] ? concept.Meaning : null) ?? Text(ds, DicomTags.ContentLabel);

    private static string RequiredUid(DicomDataset ds, DicomTag tag) =>
        ds.GetUid(tag)?.Trim('\0', ' ') is { Length: > 0 } uid ? uid : throw new FhirFormatException($"the data set has no {DicomDictionaryName(tag)}");

    private static string DicomDictionaryName(DicomTag tag) => $"{ClinicalImaging.Dicom.Dictionary.DicomDictionary.KeywordOf(tag) ?? "attribute"} {tag}";

    internal static string? Text(DicomDataset ds, DicomTag tag) => ds.GetString(tag)?.Trim() is { Length: > 0 } text ? text : null;

    private static int? Integer(DicomDataset ds, DicomTag tag) => ds.TryGetInt32(tag, out var value) ? value : null;

    // Header values that do not parse are left out, as ingest does: the description is best effort, not validation.
    private static DateOnly? SafeDate(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetDate(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }

    private static TimeOnly? SafeTime(DicomDataset ds, DicomTag tag)
    {
        try
        {
            return ds.GetTime(tag);
        }
        catch (DicomException)
        {
            return null;
        }
    }
}

public sealed record SeriesSource(
    string Uid,
    int? Number,
    string? Modality,
    string? Description,
    string? BodyPartExamined,
    string? Laterality,
    DateOnly? Date,
    TimeOnly? Time,
    IReadOnlyList<InstanceSource> Instances);

public sealed record InstanceSource(string Uid, string SopClassUid, int? Number, string? Title);

/// <summary>A DICOM coded entry (PS3.3 Table 8.8-1): Code Value (or Long/URN Code Value), Coding Scheme Designator, Code Meaning.</summary>
public sealed record DicomCode(string Value, string? SchemeDesignator, string? Meaning)
{
    public static IReadOnlyList<DicomCode> ReadAll(DicomDataset ds, DicomTag sequence)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return ds.GetItems(sequence)
            .Select(item => (ImagingStudySource.Text(item, DicomTags.CodeValue) ?? ImagingStudySource.Text(item, DicomTags.LongCodeValue) ?? ImagingStudySource.Text(item, DicomTags.URNCodeValue)) is { } value
                ? new DicomCode(value, ImagingStudySource.Text(item, DicomTags.CodingSchemeDesignator), ImagingStudySource.Text(item, DicomTags.CodeMeaning))
                : null)
            .OfType<DicomCode>()
            .ToList();
    }

    public CodeableConcept ToCodeableConcept() =>
        new([new Coding(FhirCodeSystems.ForCodingScheme(SchemeDesignator), Value, Meaning)], Meaning);
}
