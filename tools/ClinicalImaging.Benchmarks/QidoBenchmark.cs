#:project ../../src/ClinicalImaging.Infrastructure/ClinicalImaging.Infrastructure.csproj
#:property TargetFramework=net10.0
#:property Optimize=true
#:property PublishAot=false

// QIDO-RS latency benchmark: seeds a PostgreSQL database with 100,000 studies / 300,000 series / 1,000,000
// instances (25,000 patients, encrypted as the service stores them), then times typical searches over HTTP against
// a running API. Run through scripts/bench/qido.sh, which starts the database and the API:
//   dotnet run -c Release tools/ClinicalImaging.Benchmarks/QidoBenchmark.cs -- seed "<connection string>"
//   dotnet run -c Release tools/ClinicalImaging.Benchmarks/QidoBenchmark.cs -- measure "<connection string>" http://127.0.0.1:58080
// Prints Markdown rows for docs/benchmarks.md. Not part of the test suite: tests never assert on wall time.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClinicalImaging.Infrastructure.Persistence.Migrations;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

const int Patients = 25_000;
const int StudiesPerPatient = 4;
const int Studies = Patients * StudiesPerPatient;
const int WarmUp = 50;
const int Samples = 200;

string[] syllables = ["KA", "RO", "MI", "SEN", "BER", "LI", "TA", "NO", "VAN", "DOR", "EL", "SU", "MAR", "TIN", "GO", "HA", "LUN", "PE", "RI", "SCHM",
    "WA", "ZE", "FO", "BRA", "KU", "NEL", "OS", "DA", "YI", "CHE"];
string[] given = ["ANNA", "JOHN", "MARIA", "PETER", "LENA", "OMAR", "SOFIA", "DAVID", "EMMA", "LUCA", "NOOR", "JAMES", "HANNA", "PAUL", "MEI", "IVAN"];
string Family(int n) => syllables[n % 30] + syllables[(n / 30) % 30].ToLowerInvariant() + (n % 7 == 0 ? "son" : "");
string PatientName(int n) => $"{Family(n)}^{given[(n / 900) % given.Length]}";
string PatientId(int n) => $"PID{n:D7}";

var settings = JsonDocument.Parse(File.ReadAllText("src/ClinicalImaging.Api/appsettings.Development.json")).RootElement;
var json = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
var protector = new PhiProtector(settings.GetProperty("Security").GetProperty("Phi").Deserialize<PhiProtectionOptions>(json)!);
var (mode, connectionString) = (args[0], args[1]);
await using var dataSource = NpgsqlDataSource.Create(connectionString);

if (mode == "seed")
{
    await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    await using var connection = await dataSource.OpenConnectionAsync();
    if ((long)(await new NpgsqlCommand("SELECT count(*) FROM studies", connection).ExecuteScalarAsync())! >= Studies)
    {
        Console.WriteLine("already seeded");
        return;
    }

    var clock = Stopwatch.StartNew();
    // Patients through binary COPY: the ciphertexts and search tokens are the service's own (PhiProtector, PatientSearchTokens).
    var now = DateTime.UtcNow;
    await using (var copy = await connection.BeginBinaryImportAsync(
        "COPY patients (id, patient_id_cipher, patient_id_index, issuer_of_patient_id, patient_name_cipher, birth_date_cipher, sex, phi_key_id, blind_index_key_id, phi_search_tokens, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
    {
        for (var n = 0; n < Patients; n++)
        {
            var (id, name, birth) = (PatientId(n), PatientName(n), new DateOnly(1930, 1, 1).AddDays(n * 7919 % 30000));
            await copy.StartRowAsync();
            await copy.WriteAsync(PatientKey(n), NpgsqlDbType.Uuid);
            await copy.WriteAsync(protector.Encrypt(id, "patients.patient_id"), NpgsqlDbType.Bytea);
            await copy.WriteAsync(protector.BlindIndex(id, "patients.patient_id"), NpgsqlDbType.Bytea);
            await copy.WriteAsync("HOSPITAL-A", NpgsqlDbType.Varchar);
            await copy.WriteAsync(protector.Encrypt(name, "patients.patient_name"), NpgsqlDbType.Bytea);
            await copy.WriteAsync(protector.EncryptDate(birth, "patients.birth_date"), NpgsqlDbType.Bytea);
            await copy.WriteAsync(n % 2 == 0 ? "F" : "M", NpgsqlDbType.Varchar);
            await copy.WriteAsync(protector.ActiveKeyId, NpgsqlDbType.Varchar);
            await copy.WriteAsync(protector.BlindIndexKeyId, NpgsqlDbType.Varchar);
            await copy.WriteAsync(PatientSearchTokens.For(protector, id, name, birth), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync();
    }

    Console.WriteLine($"patients: {clock.Elapsed}");
    // The hierarchy by generate_series: 4 studies a patient, 3 series a study (4 + 3 + 3 instances), headers as
    // ingest stores them (DICOM JSON, direct identifiers stripped), about 1.3 kB each.
    string[] statements =
    [
        $"""
        INSERT INTO studies (id, study_instance_uid, patient_key, study_date, study_time, description, accession_number,
                             referring_physician_name, study_id, patient_age, created_at, updated_at)
        SELECT md5('study' || g)::uuid, '2.25.1' || g, ('00000000-0000-0000-0000-' || lpad(to_hex(g % {Patients}), 12, '0'))::uuid,
               date '2016-01-01' + (g * 7919 % 3650), make_time(7 + g % 12, g % 60, 0),
               (ARRAY['CT CHEST', 'MR BRAIN', 'XR CHEST 2 VIEWS', 'US ABDOMEN', 'CT ABDOMEN PELVIS'])[1 + g % 5],
               'ACC' || lpad(g::text, 9, '0'), 'Referrer^Number' || (g % 50), 'S' || g, lpad((20 + g % 70)::text, 3, '0') || 'Y', now(), now()
        FROM generate_series(0, {Studies - 1}) g
        """,
        $"""
        INSERT INTO series (id, series_instance_uid, study_key, series_number, description, modality, body_part_examined,
                            series_date, manufacturer, manufacturer_model_name, station_name, institution_name, created_at, updated_at)
        SELECT md5('series' || g || '.' || s)::uuid, '2.25.2' || g || '.' || s, md5('study' || g)::uuid, s,
               'Series ' || s, (ARRAY['CT', 'MR', 'CR', 'US', 'DX', 'CT', 'MR'])[1 + (g + s) % 7],
               (ARRAY['CHEST', 'HEAD', 'ABDOMEN', 'PELVIS'])[1 + g % 4], date '2016-01-01' + (g * 7919 % 3650),
               'ACME Medical', 'Helix 128', 'STATION' || (g % 20), 'General Hospital', now(), now()
        FROM generate_series(0, {Studies - 1}) g, generate_series(1, 3) s
        """,
        $"""
        INSERT INTO instances (id, sop_instance_uid, sop_class_uid, transfer_syntax_uid, series_key, instance_number, rows, columns,
                               bits_allocated, bits_stored, number_of_frames, photometric_interpretation, slice_thickness_mm,
                               kvp, blob_key, size_bytes, sha256, header_json, created_at, updated_at)
        SELECT md5('instance' || g || '.' || s || '.' || i)::uuid, '2.25.3' || g || '.' || s || '.' || i,
               '1.2.840.10008.5.1.4.1.1.2', '1.2.840.10008.1.2.1', md5('series' || g || '.' || s)::uuid, i, 512, 512, 16, 12, 1,
               'MONOCHROME2', 1.25, 120, 'objects/' || md5('blob' || g || '.' || s || '.' || i), 526000,
               md5('blob' || g || '.' || s || '.' || i) || md5('sha' || g || '.' || s || '.' || i),
               jsonb_build_object(
                 '00080016', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array('1.2.840.10008.5.1.4.1.1.2')),
                 '00080018', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array('2.25.3' || g || '.' || s || '.' || i)),
                 '00080020', jsonb_build_object('vr', 'DA', 'Value', jsonb_build_array(to_char(date '2016-01-01' + (g * 7919 % 3650), 'YYYYMMDD'))),
                 '00080060', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array((ARRAY['CT', 'MR', 'CR', 'US', 'DX', 'CT', 'MR'])[1 + (g + s) % 7])),
                 '00080070', jsonb_build_object('vr', 'LO', 'Value', jsonb_build_array('ACME Medical')),
                 '00081030', jsonb_build_object('vr', 'LO', 'Value', jsonb_build_array('CT CHEST')),
                 '00180015', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array((ARRAY['CHEST', 'HEAD', 'ABDOMEN', 'PELVIS'])[1 + g % 4])),
                 '00180050', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(1.25)),
                 '00180060', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(120)),
                 '00181030', jsonb_build_object('vr', 'LO', 'Value', jsonb_build_array('Chest routine')),
                 '00185100', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array('HFS')),
                 '0020000D', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array('2.25.1' || g)),
                 '0020000E', jsonb_build_object('vr', 'UI', 'Value', jsonb_build_array('2.25.2' || g || '.' || s)),
                 '00200011', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(s)),
                 '00200013', jsonb_build_object('vr', 'IS', 'Value', jsonb_build_array(i)),
                 '00200032', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(-175.5, -180.2, -40.0 - i * 1.25)),
                 '00200037', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(1, 0, 0, 0, 1, 0)),
                 '00201041', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(-40.0 - i * 1.25)),
                 '00280002', jsonb_build_object('vr', 'US', 'Value', jsonb_build_array(1)),
                 '00280004', jsonb_build_object('vr', 'CS', 'Value', jsonb_build_array('MONOCHROME2')),
                 '00280010', jsonb_build_object('vr', 'US', 'Value', jsonb_build_array(512)),
                 '00280011', jsonb_build_object('vr', 'US', 'Value', jsonb_build_array(512)),
                 '00280030', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(0.703125, 0.703125)),
                 '00280100', jsonb_build_object('vr', 'US', 'Value', jsonb_build_array(16)),
                 '00280101', jsonb_build_object('vr', 'US', 'Value', jsonb_build_array(12)),
                 '00281050', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(40)),
                 '00281051', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(400)),
                 '00281052', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(-1024)),
                 '00281053', jsonb_build_object('vr', 'DS', 'Value', jsonb_build_array(1))),
               now(), now()
        FROM generate_series(0, {Studies - 1}) g, generate_series(1, 3) s, generate_series(1, CASE WHEN s = 1 THEN 4 ELSE 3 END) i
        """,
        "VACUUM ANALYZE",
    ];
    foreach (var statement in statements)
    {
        await using var command = new NpgsqlCommand(statement, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"{statement.Split('\n')[0].Trim()[..Math.Min(40, statement.Split('\n')[0].Trim().Length)]}: {clock.Elapsed}");
    }

    return;
}

// measure: the service's development token key signs a radiologist's token (patient data included in results).
var jwt = settings.GetProperty("Authentication").GetProperty("Jwt").Deserialize<JwtOptions>(json)!;
var token = JwtKeys.IssueToken(jwt, jwt.SigningKeys[0].KeyId, "qido-benchmark", "qido-benchmark", ["radiologist"], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
using var http = new HttpClient { BaseAddress = new Uri(args[2]) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
http.DefaultRequestHeaders.Accept.ParseAdd("application/dicom+json");

var random = new Random(20261122);
string Uid(int g) => "2.25.1" + g.ToString(CultureInfo.InvariantCulture);
string Day(int offset) => new DateOnly(2016, 1, 1).AddDays(offset).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
var queries = new (string Name, Func<string> Url)[]
{
    ("Studies by PatientID", () => $"/dicomweb/studies?PatientID={PatientId(random.Next(Patients))}"),
    ("Studies by StudyDate (1 month) + ModalitiesInStudy=CT", () => random.Next(3620) is var start ? $"/dicomweb/studies?StudyDate={Day(start)}-{Day(start + 30)}&ModalitiesInStudy=CT" : ""),
    ("Studies by AccessionNumber", () => $"/dicomweb/studies?AccessionNumber=ACC{random.Next(Studies):D9}"),
    ("Studies by PatientName wildcard (family prefix, 3 letters + *)", () => $"/dicomweb/studies?PatientName={Family(random.Next(Patients))[..3]}*"),
    ("Studies by PatientName fuzzy (given name + family)", () => $"/dicomweb/studies?fuzzymatching=true&PatientName={Uri.EscapeDataString(PatientName(random.Next(Patients)).Replace('^', ' '))}"),
    ("Studies by PatientBirthDate range (1 year)", () => random.Next(1930, 2010) is var year ? $"/dicomweb/studies?PatientBirthDate={year}0101-{year}1231" : ""),
    ("Series of one study", () => $"/dicomweb/studies/{Uid(random.Next(Studies))}/series"),
    ("Instances of one series", () => { var g = random.Next(Studies); return $"/dicomweb/studies/{Uid(g)}/series/2.25.2{g}.1/instances"; }),
    ("Studies page (limit=50, offset up to 5,000)", () => $"/dicomweb/studies?limit=50&offset={random.Next(5000)}"),
    ("Instance by SOPInstanceUID, includefield from the stored header", () => { var g = random.Next(Studies); return $"/dicomweb/instances?SOPInstanceUID=2.25.3{g}.2.1&includefield=00200032"; }),
};

// Every query warms up first (JIT tiering, connection pool, PostgreSQL caches), so the first one measured pays no more than the last.
foreach (var (_, url) in queries)
{
    for (var run = 0; run < WarmUp; run++)
    {
        using var response = await http.GetAsync(url());
    }
}

Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| Query | p50 | p95 | results (mean) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (name, url) in queries)
{
    var times = new List<double>(Samples);
    var results = 0L;
    for (var run = 0; run < Samples; run++)
    {
        var target = url();
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(target);
        var body = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{target}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }

        times.Add(clock.Elapsed.TotalMilliseconds);
        results += JsonDocument.Parse(body).RootElement.GetArrayLength();
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {times[times.Count / 2]:F1} ms | {times[(int)(times.Count * 0.95)]:F1} ms | {(double)results / Samples:F1} |"));
}

Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");

// The same key as the SQL below computes: ('00000000-0000-0000-0000-' || lpad(to_hex(n), 12, '0'))::uuid.
static Guid PatientKey(int n) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-0000-0000-{n:x12}"));
