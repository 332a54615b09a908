using System.Globalization;
using System.Text.Json.Nodes;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>One QIDO-RS result as a DICOM JSON object (PS3.18 F.2), with the UIDs its RetrieveURL is built from.</summary>
public sealed record QidoMatch(string StudyInstanceUid, string? SeriesInstanceUid, string? SopInstanceUid, JsonObject Attributes);

/// <summary>Turns the archive's rows into DICOM JSON objects carrying exactly the attributes the search returns.</summary>
public static class QidoResults
{
    public static QidoMatch Build(QidoSearch search, QidoRow row)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(row);
        var header = row.Header is null ? null : JsonNode.Parse(row.Header)?.AsObject();
        var attributes = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (search.ReturnWholeHeader && header is not null)
        {
            foreach (var (tag, element) in header)
            {
                // Bulk data is retrieved through WADO-RS metadata; a relative BulkDataURI means nothing in a search result.
                if (element is JsonObject attribute && !attribute.ContainsKey("BulkDataURI") && !attribute.ContainsKey("InlineBinary"))
                {
                    attributes[tag] = element.DeepClone();
                }
            }
        }

        foreach (var attribute in search.ReturnAttributes)
        {
            attributes[attribute.TagKey] = attribute.Source == QidoSource.Header
                ? header?[attribute.TagKey]?.DeepClone() ?? Empty(attribute)
                : Element(attribute, ValueOf(attribute, row));
        }

        var json = new JsonObject();
        foreach (var (tag, element) in attributes)
        {
            json[tag] = element;
        }

        return new QidoMatch(row.Study.StudyInstanceUid, row.Series?.SeriesInstanceUid, row.Instance?.SopInstanceUid, json);
    }

    private static object? ValueOf(QidoAttribute attribute, QidoRow row)
    {
        var (study, series, instance) = (row.Study, row.Series, row.Instance);
        return attribute.Keyword switch
        {
            "StudyInstanceUID" => study.StudyInstanceUid,
            "StudyDate" => study.Details.StudyDate,
            "StudyTime" => study.Details.StudyTime,
            "AccessionNumber" => study.Details.AccessionNumber,
            "ReferringPhysicianName" => study.Details.ReferringPhysicianName,
            "StudyID" => study.Details.StudyId,
            "StudyDescription" => study.Details.Description,
            "PatientAge" => study.Characteristics.Age,
            "PatientWeight" => study.Characteristics.WeightKg,
            "PatientSize" => study.Characteristics.SizeMetres,
            "PatientSex" => study.PatientSex,
            "IssuerOfPatientID" => study.IssuerOfPatientId.Length > 0 ? study.IssuerOfPatientId : null,
            "PatientName" => study.Patient?.PatientName,
            "PatientID" => study.Patient?.PatientId,
            "PatientBirthDate" => study.Patient?.BirthDate,
            "ModalitiesInStudy" => study.ModalitiesInStudy,
            "NumberOfStudyRelatedSeries" => study.NumberOfSeries,
            "NumberOfStudyRelatedInstances" => study.NumberOfInstances,
            // Every object is kept on line in the blob store.
            "InstanceAvailability" => "ONLINE",
            "SeriesInstanceUID" => series?.SeriesInstanceUid,
            "Modality" => series?.Details.Modality,
            "SeriesNumber" => series?.Details.SeriesNumber,
            "SeriesDescription" => series?.Details.Description,
            "BodyPartExamined" => series?.Details.BodyPartExamined,
            "Laterality" => series?.Details.Laterality,
            "PatientPosition" => series?.Details.PatientPosition,
            "ProtocolName" => series?.Details.ProtocolName,
            "SeriesDate" => series?.Details.SeriesDate,
            "SeriesTime" => series?.Details.SeriesTime,
            "Manufacturer" => series?.Equipment.Manufacturer,
            "ManufacturerModelName" => series?.Equipment.ModelName,
            "SoftwareVersions" => series?.Equipment.SoftwareVersions,
            "StationName" => series?.Equipment.StationName,
            "InstitutionName" => series?.Equipment.InstitutionName,
            "NumberOfSeriesRelatedInstances" => series?.NumberOfInstances,
            "SOPInstanceUID" => instance?.SopInstanceUid,
            "SOPClassUID" => instance?.SopClassUid,
            "InstanceNumber" => instance?.InstanceNumber,
            "Rows" => instance?.Image.Rows,
            "Columns" => instance?.Image.Columns,
            "BitsAllocated" => instance?.Image.BitsAllocated,
            "NumberOfFrames" => instance?.Image.NumberOfFrames,
            "PhotometricInterpretation" => instance?.Image.PhotometricInterpretation,
            _ => throw new InvalidOperationException($"{attribute.Keyword} is listed as kept by the archive but has no value source"),
        };
    }

    /// <summary>A DICOM JSON element; an attribute without a value is present with its VR only (PS3.18 F.2.5).</summary>
    private static JsonObject Element(QidoAttribute attribute, object? value)
    {
        JsonArray? values = value switch
        {
            null => null,
            string text when attribute.Vr == "PN" => [new JsonObject { ["Alphabetic"] = text }],
            string text => [text],
            IReadOnlyList<string> texts => texts.Count == 0 ? null : new JsonArray([.. texts.Select(t => (JsonNode)t)]),
            DateOnly date => [date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)],
            TimeOnly time => [time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HHmmss" : "HHmmss.ffffff", CultureInfo.InvariantCulture)],
            int number => [number],
            double number => [number],
            _ => throw new InvalidOperationException($"{attribute.Keyword}: no DICOM JSON form for {value.GetType().Name}"),
        };
        var element = Empty(attribute);
        if (values is not null)
        {
            element["Value"] = values;
        }

        return element;
    }

    private static JsonObject Empty(QidoAttribute attribute) => new() { ["vr"] = attribute.Vr };
}
