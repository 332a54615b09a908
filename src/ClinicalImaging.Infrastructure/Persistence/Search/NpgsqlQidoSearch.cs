using System.Data.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.DicomWeb.Search;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.Infrastructure.Persistence.Configurations;
using ClinicalImaging.Infrastructure.Security;
using Npgsql;
using NpgsqlTypes;

namespace ClinicalImaging.Infrastructure.Persistence.Search;

/// <summary>
/// QIDO-RS in SQL. An exact Patient ID is matched by its blind index; other patient conditions are resolved first:
/// candidates found by their search tokens (GIN), decrypted
/// and verified against the exact condition, at most <see cref="MaxPatientCandidates"/> of them. Then one statement
/// pages the matches in a stable order (newest study first, then series and instance number) and computes the
/// counts, modalities and header attributes for that page only.
/// </summary>
public sealed class NpgsqlQidoSearch(NpgsqlDataSource dataSource, PhiProtector protector) : IQidoSearch
{
    /// <summary>How many candidate patients a search may decrypt to verify its patient conditions.</summary>
    public const int MaxPatientCandidates = 10_000;

    private const string StudyOrder = "st.study_date DESC NULLS LAST, st.study_time DESC NULLS LAST, st.id";

    /// <summary><see cref="StudyOrder"/> over the columns of the paged subquery.</summary>
    private const string PageStudyOrder = "study_date DESC NULLS LAST, study_time DESC NULLS LAST, st_id";
    private const string SeriesOrder = "se.series_number, se.id";
    private const string InstanceOrder = "i.instance_number, i.id";

    public async Task<IReadOnlyList<QidoRow>> SearchAsync(QidoSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var sql = new QidoSql();
        // An exact Patient ID is its blind index: equality in the main statement, no candidates to verify.
        var patientConditions = new List<QidoCondition>();
        foreach (var condition in search.Conditions.Where(c => c.Attribute.Source == QidoSource.Patient))
        {
            if (condition is ValueListCondition { Values: [var patientId] })
            {
                sql.AddOnPatients($"p.patient_id_index = ANY({sql.Parameter(protector.BlindIndexes(patientId, PatientPhi.PatientId), NpgsqlDbType.Array | NpgsqlDbType.Bytea)})");
            }
            else
            {
                patientConditions.Add(condition);
            }
        }

        if (patientConditions.Count > 0)
        {
            var patients = await MatchingPatientsAsync(connection, patientConditions, cancellationToken).ConfigureAwait(false);
            if (patients.Length == 0)
            {
                return [];
            }

            sql.Add($"st.patient_key = ANY({sql.Parameter(patients, NpgsqlDbType.Array | NpgsqlDbType.Uuid)})");
        }

        var scope = search.Scope;
        if (scope.StudyInstanceUid is { } studyUid)
        {
            sql.Add($"st.study_instance_uid = {sql.Parameter(studyUid, NpgsqlDbType.Text)}");
        }

        if (scope.SeriesInstanceUid is { } seriesUid)
        {
            sql.Add($"se.series_instance_uid = {sql.Parameter(seriesUid, NpgsqlDbType.Text)}");
        }

        foreach (var condition in search.Conditions.Where(c => c.Attribute.Source != QidoSource.Patient))
        {
            sql.AddCondition(condition);
        }

        await using var command = new NpgsqlCommand(Statement(search, sql), connection);
        command.Parameters.AddRange(sql.Parameters.ToArray());
        var rows = new List<QidoRow>(Math.Min(search.Limit, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = new Columns(reader);
        // A page often holds several studies of one patient: each patient is decrypted once per page.
        var decryptedPatients = new Dictionary<Guid, QidoPatient>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Read(reader, columns, search, decryptedPatients));
        }

        return rows;
    }

    /// <summary>The keys of the patients whose decrypted identifiers satisfy every patient condition.</summary>
    private async Task<Guid[]> MatchingPatientsAsync(NpgsqlConnection connection, List<QidoCondition> conditions, CancellationToken cancellationToken)
    {
        // A row is indexed under one blind index key (its blind_index_key_id): it must satisfy that key's tokens.
        var sql = new QidoSql();
        var perKey = PatientSearchTokens.Query(protector, conditions).Select(tokens =>
        {
            var predicates = new List<string> { $"blind_index_key_id = {sql.Parameter(tokens.KeyId, NpgsqlDbType.Text)}" };
            if (tokens.Required.Length > 0)
            {
                predicates.Add($"phi_search_tokens @> {sql.Parameter(tokens.Required, NpgsqlDbType.Array | NpgsqlDbType.Uuid)}");
            }

            predicates.AddRange(tokens.AnyOf.Select(group => $"phi_search_tokens && {sql.Parameter(group, NpgsqlDbType.Array | NpgsqlDbType.Uuid)}"));
            return "(" + string.Join(" AND ", predicates) + ")";
        }).ToList();
        sql.Add(perKey.Count == 1 ? perKey[0] : "(" + string.Join(" OR ", perKey) + ")");

        await using var command = new NpgsqlCommand(
            $"SELECT id, patient_id_cipher, patient_name_cipher, birth_date_cipher FROM patients WHERE {sql.Where} LIMIT {MaxPatientCandidates + 1}",
            connection);
        command.Parameters.AddRange(sql.Parameters.ToArray());
        var matches = new List<Guid>();
        var candidates = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (++candidates > MaxPatientCandidates)
            {
                throw new PayloadTooLargeException(
                    $"the patient criteria match more than {MaxPatientCandidates} patients; use a more selective name, ID or birth date range");
            }

            if (conditions.All(condition => Satisfies(condition, reader)))
            {
                matches.Add(reader.GetGuid(0));
            }
        }

        return [.. matches];
    }

    /// <summary>The exact condition on the decrypted value: tokens narrow, this decides.</summary>
    private bool Satisfies(QidoCondition condition, DbDataReader patient) => condition switch
    {
        PersonNameCondition name => !patient.IsDBNull(2) && name.IsMatch(protector.Decrypt(patient.GetFieldValue<byte[]>(2), PatientPhi.PatientName)),
        DateRangeCondition range => !patient.IsDBNull(3) && range.Contains(protector.DecryptDate(patient.GetFieldValue<byte[]>(3), PatientPhi.BirthDate)),
        WildcardCondition wildcard => wildcard.Pattern.IsMatch(protector.Decrypt(patient.GetFieldValue<byte[]>(1), PatientPhi.PatientId)),
        _ => throw new InvalidOperationException($"{condition.GetType().Name} on {condition.Attribute.Keyword} cannot be verified"),
    };

    private static string Statement(QidoSearch search, QidoSql sql)
    {
        var level = search.Scope.Level;
        var headerTags = search.HeaderAttributes.Select(a => a.TagKey).ToArray();
        var header = search.ReturnWholeHeader
            ? "i.header_json::text"
            : headerTags.Length > 0
                ? $"(SELECT jsonb_object_agg(e.key, e.value) FROM jsonb_each(i.header_json) e WHERE e.key = ANY({sql.Parameter(headerTags, NpgsqlDbType.Array | NpgsqlDbType.Text)}))::text"
                : null;
        var patientCiphers = search.ReturnsPatientData ? ", p.id AS p_id, p.patient_id_cipher, p.patient_name_cipher, p.birth_date_cipher" : string.Empty;
        const string studyColumns = """
            st.id AS st_id, st.study_instance_uid, st.study_date, st.study_time, st.description AS study_description,
            st.accession_number, st.referring_physician_name, st.study_id, st.patient_age, st.patient_weight_kg, st.patient_size_metres,
            p.issuer_of_patient_id, p.sex
            """;
        const string seriesColumns = """
            se.id AS se_id, se.series_instance_uid, se.series_number, se.description AS series_description, se.modality,
            se.body_part_examined, se.laterality, se.patient_position, se.protocol_name, se.series_date, se.series_time,
            se.manufacturer, se.manufacturer_model_name, se.software_versions, se.station_name, se.institution_name
            """;
        const string instanceColumns = "i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.rows, i.columns, i.bits_allocated, i.number_of_frames, i.photometric_interpretation";
        var page = $"LIMIT {sql.Parameter(search.Limit, NpgsqlDbType.Integer)} OFFSET {sql.Parameter(search.Offset, NpgsqlDbType.Integer)}";
        return level switch
        {
            // The page is found on the order index alone (deferred join): deep offsets skip ids, not whole rows.
            QidoLevel.Study => $"""
                SELECT {studyColumns}{patientCiphers}, agg.modalities, agg.series_count, agg.instance_count{(header is null ? "" : ", hdr.header")}
                FROM (
                    SELECT st.id
                    FROM studies st{(sql.UsesPatients ? " JOIN patients p ON p.id = st.patient_key" : "")}
                    WHERE {sql.Where}
                    ORDER BY {StudyOrder}
                    {page}
                ) page
                JOIN studies st ON st.id = page.id
                JOIN patients p ON p.id = st.patient_key
                LEFT JOIN LATERAL (
                    SELECT array_agg(DISTINCT se.modality ORDER BY se.modality) FILTER (WHERE se.modality IS NOT NULL) AS modalities,
                           count(*)::int AS series_count,
                           coalesce(sum((SELECT count(*) FROM instances i WHERE i.series_key = se.id)), 0)::int AS instance_count
                    FROM series se WHERE se.study_key = st.id
                ) agg ON TRUE
                {(header is null ? "" : $"""
                LEFT JOIN LATERAL (
                    SELECT {header} AS header FROM series se JOIN instances i ON i.series_key = se.id
                    WHERE se.study_key = st.id ORDER BY {SeriesOrder}, {InstanceOrder} LIMIT 1
                ) hdr ON TRUE
                """)}
                ORDER BY {StudyOrder}
                """,
            QidoLevel.Series => $"""
                SELECT page.*, (SELECT count(*)::int FROM instances i WHERE i.series_key = page.se_id) AS instance_count{(header is null ? "" : ", hdr.header")}
                FROM (
                    SELECT {studyColumns}, {seriesColumns}{patientCiphers}
                    FROM series se JOIN studies st ON st.id = se.study_key JOIN patients p ON p.id = st.patient_key
                    WHERE {sql.Where}
                    ORDER BY {StudyOrder}, {SeriesOrder}
                    {page}
                ) page
                {(header is null ? "" : $"""
                LEFT JOIN LATERAL (
                    SELECT {header} AS header FROM instances i WHERE i.series_key = page.se_id ORDER BY {InstanceOrder} LIMIT 1
                ) hdr ON TRUE
                """)}
                ORDER BY {PageStudyOrder}, series_number, se_id
                """,
            _ => $"""
                SELECT {studyColumns}, {seriesColumns}, {instanceColumns}{patientCiphers}{(header is null ? "" : $", {header} AS header")}
                FROM instances i JOIN series se ON se.id = i.series_key JOIN studies st ON st.id = se.study_key JOIN patients p ON p.id = st.patient_key
                WHERE {sql.Where}
                ORDER BY {StudyOrder}, {SeriesOrder}, {InstanceOrder}
                {page}
                """,
        };
    }

    private QidoRow Read(DbDataReader reader, Columns c, QidoSearch search, Dictionary<Guid, QidoPatient> patients)
    {
        var level = search.Scope.Level;
        var patient = search.ReturnsPatientData ? Patient(reader, c, patients) : null;
        var study = new QidoStudyRow(
            reader.GetString(c["study_instance_uid"]),
            new StudyDetails(
                Value<DateOnly>(reader, c["study_date"]),
                Value<TimeOnly>(reader, c["study_time"]),
                Nullable<string>(reader, c["study_description"]),
                Nullable<string>(reader, c["accession_number"]),
                Nullable<string>(reader, c["referring_physician_name"]),
                Nullable<string>(reader, c["study_id"])),
            new PatientCharacteristics(
                Nullable<string>(reader, c["patient_age"]),
                Value<double>(reader, c["patient_weight_kg"]),
                Value<double>(reader, c["patient_size_metres"])),
            reader.GetString(c["issuer_of_patient_id"]),
            Nullable<string>(reader, c["sex"]),
            patient,
            level == QidoLevel.Study ? Nullable<string[]>(reader, c["modalities"]) ?? [] : null,
            level == QidoLevel.Study ? reader.GetInt32(c["series_count"]) : null,
            level == QidoLevel.Study ? reader.GetInt32(c["instance_count"]) : null);
        var series = level == QidoLevel.Study
            ? null
            : new QidoSeriesRow(
                reader.GetString(c["series_instance_uid"]),
                new SeriesDetails(
                    Value<int>(reader, c["series_number"]),
                    Nullable<string>(reader, c["series_description"]),
                    Nullable<string>(reader, c["modality"]),
                    Nullable<string>(reader, c["body_part_examined"]),
                    Nullable<string>(reader, c["laterality"]),
                    Nullable<string>(reader, c["patient_position"]),
                    Nullable<string>(reader, c["protocol_name"]),
                    Value<DateOnly>(reader, c["series_date"]),
                    Value<TimeOnly>(reader, c["series_time"])),
                new Equipment(
                    Nullable<string>(reader, c["manufacturer"]),
                    Nullable<string>(reader, c["manufacturer_model_name"]),
                    Nullable<string>(reader, c["software_versions"]),
                    Nullable<string>(reader, c["station_name"]),
                    Nullable<string>(reader, c["institution_name"])),
                level == QidoLevel.Series ? reader.GetInt32(c["instance_count"]) : null);
        var instance = level == QidoLevel.Instance
            ? new QidoInstanceRow(
                reader.GetString(c["sop_instance_uid"]),
                reader.GetString(c["sop_class_uid"]),
                Value<int>(reader, c["instance_number"]),
                new ImagePixelInfo(
                    Value<int>(reader, c["rows"]),
                    Value<int>(reader, c["columns"]),
                    Value<int>(reader, c["bits_allocated"]),
                    null,
                    Value<int>(reader, c["number_of_frames"]),
                    Nullable<string>(reader, c["photometric_interpretation"])))
            : null;
        var header = c.Has("header") ? Nullable<string>(reader, c["header"]) : null;
        return new QidoRow(study, series, instance, header);
    }

    private QidoPatient Patient(DbDataReader reader, Columns c, Dictionary<Guid, QidoPatient> decrypted)
    {
        var key = reader.GetGuid(c["p_id"]);
        if (!decrypted.TryGetValue(key, out var patient))
        {
            patient = new QidoPatient(
                protector.Decrypt(reader.GetFieldValue<byte[]>(c["patient_id_cipher"]), PatientPhi.PatientId),
                Nullable<byte[]>(reader, c["patient_name_cipher"]) is { } name ? protector.Decrypt(name, PatientPhi.PatientName) : null,
                Nullable<byte[]>(reader, c["birth_date_cipher"]) is { } birth ? protector.DecryptDate(birth, PatientPhi.BirthDate) : null);
            decrypted.Add(key, patient);
        }

        return patient;
    }

    private static T? Nullable<T>(DbDataReader reader, int ordinal) where T : class =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static T? Value<T>(DbDataReader reader, int ordinal) where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    /// <summary>Column ordinals by name, looked up once per statement.</summary>
    private sealed class Columns(DbDataReader reader)
    {
        private readonly Dictionary<string, int> _ordinals =
            Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.Ordinal);

        public int this[string name] => _ordinals[name];

        public bool Has(string name) => _ordinals.ContainsKey(name);
    }
}
