using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Studies;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg studies unidentified</c> lists the studies filed under an unidentified patient (their objects carried an
/// empty Patient ID); <c>clinimg studies reconcile UID --patient-id ID</c> files one under its real patient
/// (docs/archive-api.md). Both talk to a running archive. Exit code 0 on success, 1 when the archive refused the
/// request (the line on standard error says why), 2 for bad options.
/// </summary>
internal static class StudiesCommands
{
    private const int Refused = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create() => new("studies", "Studies in a running archive: those waiting for their patient, and reconciling them")
    {
        Unidentified(),
        Reconcile(),
    };

    private static Command Unidentified()
    {
        var connection = new ArchiveConnection("patient-data.read");
        var page = new Option<int>("--page") { Description = "Page, from 1", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "Studies per page (1-200)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the page as JSON instead of a table" };
        var command = WithConnection(
            new Command("unidentified", "List the studies that arrived with an empty Patient ID and wait for reconciliation, newest first") { page, pageSize, json },
            connection);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = connection.CreateClient(parse, TimeSpan.FromMinutes(1));
            using var response = await http.GetAsync(
                string.Create(CultureInfo.InvariantCulture, $"api/v1/studies?unidentifiedPatient=true&page={parse.GetValue(page)}&pageSize={parse.GetValue(pageSize)}"),
                cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await RefusedAsync(parse, "listing", response, cancellationToken);
            }

            var result = (await response.Content.ReadFromJsonAsync<PagedResult<StudySummary>>(Json, cancellationToken))!;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, Json));
                return 0;
            }

            string[] header = ["STUDY INSTANCE UID", "STUDY DATE", "MODALITIES", "IMAGES", "ACCESSION", "DESCRIPTION", "NAME ON THE OBJECTS"];
            await output.WriteAsync(TextTable.Format(header, result.Items.Select(Row)));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{result.Total} studies wait for reconciliation; page {result.Page} shows {result.Items.Count}"));
            return 0;
        });
        return command;
    }

    private static Command Reconcile()
    {
        var connection = new ArchiveConnection("patients.reconcile (admin or technologist)");
        var study = new Argument<string>("STUDY_UID") { Description = "The Study Instance UID of a study filed under an unidentified patient" };
        var patientId = new Option<string>("--patient-id") { Description = "The real patient's Patient ID (0010,0020)", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "Issuer of Patient ID (default: the one the study's objects carried; \"\" for none)" };
        var name = new Option<string?>("--name") { Description = "Patient's Name as DICOM writes it, e.g. DOE^JANE (fills in a new or incomplete record)" };
        var birthDate = new Option<string?>("--birth-date") { Description = "Patient's Birth Date, YYYY-MM-DD" };
        var sex = new Option<string?>("--sex") { Description = "Patient's Sex: M, F or O" };
        var json = new Option<bool>("--json") { Description = "Print the reconciled study as JSON" };
        var command = WithConnection(
            new Command("reconcile", "File a study that arrived with an empty Patient ID under its real patient (an existing one or a new one)")
            {
                study, patientId, issuer, name, birthDate, sex, json,
            },
            connection);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = connection.CreateClient(parse, TimeSpan.FromMinutes(1));
            var uid = parse.GetValue(study)!;
            using var response = await http.PostAsJsonAsync(
                $"api/v1/studies/{Uri.EscapeDataString(uid)}/reconcile",
                new
                {
                    patientId = parse.GetValue(patientId), issuerOfPatientId = parse.GetValue(issuer), patientName = parse.GetValue(name),
                    birthDate = parse.GetValue(birthDate), sex = parse.GetValue(sex),
                },
                Json,
                cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return await RefusedAsync(parse, "reconciliation", response, cancellationToken);
            }

            var reconciled = (await response.Content.ReadFromJsonAsync<StudyView>(Json, cancellationToken))!;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(reconciled, Json));
                return 0;
            }

            var patient = reconciled.Patient;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"reconciled {reconciled.StudyInstanceUid}: {reconciled.Series.Sum(s => s.Instances.Count)} images in {reconciled.Series.Count} series"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"patient {patient.PatientId}{(patient.IssuerOfPatientId.Length > 0 ? $" (issuer {patient.IssuerOfPatientId})" : "")}: " +
                $"{patient.PatientName ?? "name unknown"}, born {patient.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown"}, sex {patient.Sex ?? "unknown"}"));
            return 0;
        });
        return command;
    }

    private static Command WithConnection(Command command, ArchiveConnection connection)
    {
        foreach (var option in connection.Options)
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static async Task<int> RefusedAsync(ParseResult parse, string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await parse.InvocationConfiguration.Error.WriteLineAsync(
            $"error: the archive refused the {what} ({(int)response.StatusCode} {response.StatusCode}): {await ArchiveProblem.DescribeAsync(response, cancellationToken)}");
        return Refused;
    }

    private static string[] Row(StudySummary study) =>
    [
        study.StudyInstanceUid,
        study.Details.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
        study.Modalities.Count == 0 ? "-" : string.Join(",", study.Modalities),
        study.NumberOfInstances.ToString(CultureInfo.InvariantCulture),
        study.Details.AccessionNumber ?? "-",
        study.Details.Description ?? "-",
        study.Patient.PatientName ?? "-",
    ];
}
