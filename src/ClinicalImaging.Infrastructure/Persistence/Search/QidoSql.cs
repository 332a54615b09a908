using System.Text.Json;
using ClinicalImaging.Application.DicomWeb.Search;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Persistence.Search;

/// <summary>
/// Builds the WHERE clause of a QIDO-RS search over <c>studies st</c>, <c>series se</c>, <c>instances i</c> and
/// <c>patients p</c>: one parameterised predicate per condition (values are never spliced into the text).
/// </summary>
internal sealed class QidoSql
{
    private readonly List<string> _predicates = [];

    public List<NpgsqlParameter> Parameters { get; } = [];

    public string Where => _predicates.Count == 0 ? "TRUE" : string.Join("\n  AND ", _predicates);

    public string Parameter(object value, NpgsqlDbType type)
    {
        var name = $"p{Parameters.Count}";
        Parameters.Add(new NpgsqlParameter(name, type) { Value = value });
        return "@" + name;
    }

    /// <summary>True when a predicate reads <c>patients p</c>, which the study page then joins before paging.</summary>
    public bool UsesPatients { get; private set; }

    public void Add(string predicate) => _predicates.Add(predicate);

    public void AddOnPatients(string predicate)
    {
        UsesPatients = true;
        Add(predicate);
    }

    /// <summary>The column (or computed predicate) that holds an attribute kept by the archive.</summary>
    public static string Column(QidoAttribute attribute) => attribute.Keyword switch
    {
        "StudyInstanceUID" => "st.study_instance_uid",
        "StudyDate" => "st.study_date",
        "StudyTime" => "st.study_time",
        "AccessionNumber" => "st.accession_number",
        "ReferringPhysicianName" => "st.referring_physician_name",
        "StudyID" => "st.study_id",
        "StudyDescription" => "st.description",
        "PatientAge" => "st.patient_age",
        "PatientWeight" => "st.patient_weight_kg",
        "PatientSize" => "st.patient_size_metres",
        "PatientSex" => "p.sex",
        "IssuerOfPatientID" => "p.issuer_of_patient_id",
        "SeriesInstanceUID" => "se.series_instance_uid",
        "Modality" => "se.modality",
        "SeriesNumber" => "se.series_number",
        "SeriesDescription" => "se.description",
        "BodyPartExamined" => "se.body_part_examined",
        "Laterality" => "se.laterality",
        "PatientPosition" => "se.patient_position",
        "ProtocolName" => "se.protocol_name",
        "SeriesDate" => "se.series_date",
        "SeriesTime" => "se.series_time",
        "Manufacturer" => "se.manufacturer",
        "ManufacturerModelName" => "se.manufacturer_model_name",
        "SoftwareVersions" => "se.software_versions",
        "StationName" => "se.station_name",
        "InstitutionName" => "se.institution_name",
        "SOPInstanceUID" => "i.sop_instance_uid",
        "SOPClassUID" => "i.sop_class_uid",
        "InstanceNumber" => "i.instance_number",
        "Rows" => "i.rows",
        "Columns" => "i.columns",
        "BitsAllocated" => "i.bits_allocated",
        "NumberOfFrames" => "i.number_of_frames",
        "PhotometricInterpretation" => "i.photometric_interpretation",
        _ => throw new InvalidOperationException($"{attribute.Keyword} is not kept in a column"),
    };

    /// <summary>A condition on a column or a header attribute (patient conditions are resolved beforehand).</summary>
    public void AddCondition(QidoCondition condition)
    {
        if (condition.Attribute.Source == QidoSource.Header)
        {
            AddHeaderCondition(condition);
            return;
        }

        if (condition.Attribute.Keyword == "ModalitiesInStudy")
        {
            var modalities = ((ValueListCondition)condition).Values.ToArray();
            Add($"EXISTS (SELECT 1 FROM series ms WHERE ms.study_key = st.id AND ms.modality = ANY({Parameter(modalities, NpgsqlDbType.Array | NpgsqlDbType.Text)}))");
            return;
        }

        var column = Column(condition.Attribute);
        UsesPatients |= column.StartsWith("p.", StringComparison.Ordinal);
        switch (condition)
        {
            case ValueListCondition { Values: [var single] }:
                Add($"{column} = {Parameter(single, NpgsqlDbType.Text)}");
                break;
            case ValueListCondition list:
                Add($"{column} = ANY({Parameter(list.Values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)})");
                break;
            case WildcardCondition wildcard:
                Add($"{column} LIKE {Parameter(wildcard.Pattern.ToSqlLike(), NpgsqlDbType.Text)}");
                break;
            case DateRangeCondition range:
                AddRange(column, range.From, range.To, NpgsqlDbType.Date);
                break;
            case TimeRangeCondition range:
                AddRange(column, range.From, range.To, NpgsqlDbType.Time);
                break;
            case NumberCondition number:
                Add($"{column} = {Parameter(number.Value, NpgsqlDbType.Double)}");
                break;
            case PersonNameCondition { Fuzzy: true } fuzzy:
                // Each query word begins some word of the name (Soundex needs the decrypted path; plain PN columns get prefixes).
                foreach (var word in PersonNameMatching.FuzzyWords(fuzzy.Pattern))
                {
                    Add($"upper({column}) ~ {Parameter($"(^|[\\^ ,.'-]){System.Text.RegularExpressions.Regex.Escape(word)}", NpgsqlDbType.Text)}");
                }

                break;
            case PersonNameCondition name:
                Add($"rtrim(upper({column}), '^') LIKE {Parameter(new WildcardPattern(PersonNameMatching.Normalize(name.Pattern)).ToSqlLike(), NpgsqlDbType.Text)}");
                break;
            default:
                throw new InvalidOperationException($"{condition.GetType().Name} on {condition.Attribute.Keyword} has no SQL form");
        }
    }

    private void AddRange<T>(string column, T? from, T? to, NpgsqlDbType type) where T : struct
    {
        if (from is { } lower)
        {
            Add($"{column} >= {Parameter(lower, type)}");
        }

        if (to is { } upper)
        {
            Add($"{column} <= {Parameter(upper, type)}");
        }
    }

    /// <summary>
    /// Exact matching on any header attribute by JSONB containment (the GIN index on header_json serves it). DICOM JSON
    /// keeps strings as strings, person names as {"Alphabetic": …} and numbers as numbers: each form is asked for.
    /// </summary>
    private void AddHeaderCondition(QidoCondition condition)
    {
        var tag = condition.Attribute.TagKey;
        IEnumerable<object> forms = condition switch
        {
            NumberCondition number => [number.Value, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ValueListCondition { Values: [var value] } when condition.Attribute.Vr == "PN" => [new Dictionary<string, string> { ["Alphabetic"] = value }],
            ValueListCondition { Values: [var value] } => [value],
            _ => throw new InvalidOperationException($"{condition.GetType().Name} on header attribute {condition.Attribute.Keyword}"),
        };
        var alternatives = forms.Select(form =>
            $"i.header_json @> {Parameter(JsonSerializer.Serialize(new Dictionary<string, object> { [tag] = new { Value = new[] { form } } }), NpgsqlDbType.Jsonb)}");
        Add($"({string.Join(" OR ", alternatives)})");
    }
}
