using System.Collections.Frozen;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>Where the archive keeps an attribute's value, which decides how it is matched and returned.</summary>
public enum QidoSource
{
    /// <summary>A column of studies, series or instances: every matching rule, indexed where it matters.</summary>
    Column,

    /// <summary>An encrypted patient column (name, ID, birth date): matched through keyed search tokens, then verified.</summary>
    Patient,

    /// <summary>Computed from the hierarchy (counts, ModalitiesInStudy, InstanceAvailability).</summary>
    Computed,

    /// <summary>Only in the stored header (DICOM JSON, direct identifiers stripped): exact matching by JSONB containment.</summary>
    Header,
}

/// <summary>An attribute QIDO-RS can match or return: keyword, tag and VR come from the generated data dictionary.</summary>
public sealed record QidoAttribute(string Keyword, DicomTag Tag, string Vr, QidoLevel Level, QidoSource Source)
{
    /// <summary>The DICOM JSON key: 8 upper-case hex digits.</summary>
    public string TagKey { get; } = Tag.ToHexString();

    public override string ToString() => $"{Keyword} {Tag}";
}

/// <summary>
/// The attributes of each query level that the archive keeps in columns or computes, and those PS3.18 Tables
/// 10.6.3-3/4/5 require in every result. Any other attribute of the data dictionary is a <see cref="QidoSource.Header"/>
/// attribute of the instance level: exact matching and includefield read it from the stored header.
/// </summary>
public static class QidoAttributes
{
    private static readonly FrozenDictionary<string, QidoAttribute> ByKeyword = new (string Keyword, QidoLevel Level, QidoSource Source)[]
    {
        ("StudyInstanceUID", QidoLevel.Study, QidoSource.Column),
        ("StudyDate", QidoLevel.Study, QidoSource.Column),
        ("StudyTime", QidoLevel.Study, QidoSource.Column),
        ("AccessionNumber", QidoLevel.Study, QidoSource.Column),
        ("ReferringPhysicianName", QidoLevel.Study, QidoSource.Column),
        ("StudyID", QidoLevel.Study, QidoSource.Column),
        ("StudyDescription", QidoLevel.Study, QidoSource.Column),
        ("PatientAge", QidoLevel.Study, QidoSource.Column),
        ("PatientWeight", QidoLevel.Study, QidoSource.Column),
        ("PatientSize", QidoLevel.Study, QidoSource.Column),
        ("PatientSex", QidoLevel.Study, QidoSource.Column),
        ("IssuerOfPatientID", QidoLevel.Study, QidoSource.Column),
        ("PatientName", QidoLevel.Study, QidoSource.Patient),
        ("PatientID", QidoLevel.Study, QidoSource.Patient),
        ("PatientBirthDate", QidoLevel.Study, QidoSource.Patient),
        ("ModalitiesInStudy", QidoLevel.Study, QidoSource.Computed),
        ("NumberOfStudyRelatedSeries", QidoLevel.Study, QidoSource.Computed),
        ("NumberOfStudyRelatedInstances", QidoLevel.Study, QidoSource.Computed),
        ("InstanceAvailability", QidoLevel.Study, QidoSource.Computed),
        ("SeriesInstanceUID", QidoLevel.Series, QidoSource.Column),
        ("Modality", QidoLevel.Series, QidoSource.Column),
        ("SeriesNumber", QidoLevel.Series, QidoSource.Column),
        ("SeriesDescription", QidoLevel.Series, QidoSource.Column),
        ("BodyPartExamined", QidoLevel.Series, QidoSource.Column),
        ("Laterality", QidoLevel.Series, QidoSource.Column),
        ("PatientPosition", QidoLevel.Series, QidoSource.Column),
        ("ProtocolName", QidoLevel.Series, QidoSource.Column),
        ("SeriesDate", QidoLevel.Series, QidoSource.Column),
        ("SeriesTime", QidoLevel.Series, QidoSource.Column),
        ("Manufacturer", QidoLevel.Series, QidoSource.Column),
        ("ManufacturerModelName", QidoLevel.Series, QidoSource.Column),
        ("SoftwareVersions", QidoLevel.Series, QidoSource.Column),
        ("StationName", QidoLevel.Series, QidoSource.Column),
        ("InstitutionName", QidoLevel.Series, QidoSource.Column),
        ("NumberOfSeriesRelatedInstances", QidoLevel.Series, QidoSource.Computed),
        ("SOPInstanceUID", QidoLevel.Instance, QidoSource.Column),
        ("SOPClassUID", QidoLevel.Instance, QidoSource.Column),
        ("InstanceNumber", QidoLevel.Instance, QidoSource.Column),
        ("Rows", QidoLevel.Instance, QidoSource.Column),
        ("Columns", QidoLevel.Instance, QidoSource.Column),
        ("BitsAllocated", QidoLevel.Instance, QidoSource.Column),
        ("NumberOfFrames", QidoLevel.Instance, QidoSource.Column),
        ("PhotometricInterpretation", QidoLevel.Instance, QidoSource.Column),
    }.ToFrozenDictionary(a => a.Keyword, a => Create(a.Keyword, a.Level, a.Source), StringComparer.Ordinal);

    /// <summary>PS3.18 Table 10.6.3-3: returned for every study (RetrieveURL is added by the HTTP layer).</summary>
    public static readonly IReadOnlyList<QidoAttribute> StudyDefaults = Named(
        "StudyDate", "StudyTime", "AccessionNumber", "InstanceAvailability", "ModalitiesInStudy", "ReferringPhysicianName",
        "PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID", "StudyID",
        "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances");

    /// <summary>PS3.18 Table 10.6.3-4 (PerformedProcedureStepStartDate/Time from the stored header, when present).</summary>
    public static readonly IReadOnlyList<QidoAttribute> SeriesDefaults =
    [
        .. Named("StudyInstanceUID", "Modality", "SeriesDescription", "SeriesInstanceUID", "SeriesNumber", "NumberOfSeriesRelatedInstances"),
        Find("PerformedProcedureStepStartDate")!,
        Find("PerformedProcedureStepStartTime")!,
    ];

    /// <summary>PS3.18 Table 10.6.3-5, with the study and series UIDs so that every result can be retrieved.</summary>
    public static readonly IReadOnlyList<QidoAttribute> InstanceDefaults = Named(
        "StudyInstanceUID", "SeriesInstanceUID", "SOPClassUID", "SOPInstanceUID", "InstanceAvailability", "InstanceNumber",
        "Rows", "Columns", "BitsAllocated", "NumberOfFrames");

    /// <summary>Every attribute the archive keeps in columns or computes for <paramref name="level"/> (what <c>includefield=all</c> adds).</summary>
    public static IEnumerable<QidoAttribute> KeptAt(QidoLevel level) => ByKeyword.Values.Where(a => a.Level == level).OrderBy(a => a.Tag);

    /// <summary>An attribute by keyword (<c>PatientName</c>) or tag (<c>00100010</c>); null when the dictionary knows neither.</summary>
    public static QidoAttribute? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = key.Length == 8 && key.All(char.IsAsciiHexDigit) && DicomTag.TryParse(key, out var tag)
            ? DicomDictionary.Lookup(tag)
            : DicomDictionary.Lookup(key);
        return entry is { IsRepeating: false, Keyword.Length: > 0, ValueRepresentation: { } vr }
            ? ByKeyword.GetValueOrDefault(entry.Keyword) ?? new QidoAttribute(entry.Keyword, entry.Tag, vr.Code, QidoLevel.Instance, QidoSource.Header)
            : null;
    }

    private static QidoAttribute Create(string keyword, QidoLevel level, QidoSource source)
    {
        var entry = DicomDictionary.Lookup(keyword) ?? throw new InvalidOperationException($"{keyword} is not in the data dictionary");
        return new QidoAttribute(keyword, entry.Tag, entry.ValueRepresentation!.Code, level, source);
    }

    private static QidoAttribute[] Named(params string[] keywords) => keywords.Select(k => ByKeyword[k]).ToArray();
}
