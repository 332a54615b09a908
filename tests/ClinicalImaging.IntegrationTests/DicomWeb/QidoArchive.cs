using System.Net;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>One study of the QIDO-RS test archive: who, when, and its series (modality, number of instances).</summary>
internal sealed record SeededStudy(
    string Key,
    string PatientName,
    string PatientId,
    string BirthDate,
    string Sex,
    string StudyDate,
    string StudyTime,
    string AccessionNumber,
    (string Modality, int Instances)[] Series)
{
    public string StudyUid { get; } = IngestFiles.NewUid();

    public string[] SeriesUids { get; } = Series.Select(_ => IngestFiles.NewUid()).ToArray();
}

/// <summary>
/// The API over a fresh database holding a small archive stored through STOW-RS (real ingest of CT_small variants):
/// five studies of four patients, six series, seven instances. Tests only read it.
/// </summary>
public sealed class QidoArchive : IAsyncLifetime
{
    internal static readonly SeededStudy[] Studies =
    [
        new("john-2024", "Doe^John", "QIDO-001", "19610412", "M", "20240115", "081500", "ACC-101", [("CT", 2), ("MR", 1)]),
        new("john-2023", "Doe^John", "QIDO-001", "19610412", "M", "20231120", "143000", "ACC-102", [("CT", 1)]),
        new("jane", "Doe^Jane", "QIDO-002", "19800101", "F", "20240210", "091000", "ACC-103", [("MR", 1)]),
        new("jurgen", "Müller^Jürgen", "QIDO-003", "19751231", "M", "20240131", "235959", "ACC-110", [("CT", 1)]),
        new("robert", "Smith^Robert", "QIDO-104", "19500615", "M", "20220505", "120000", "XYZ-9", [("CR", 1)]),
    ];

    public ApiFactory Api { get; } = new();

    internal static SeededStudy Study(string key) => Studies.Single(s => s.Key == key);

    /// <summary>The image comment that marks instance <paramref name="number"/> of a series, to find it by a header-only attribute.</summary>
    internal static string Marker(SeededStudy study, int series, int number) => $"qido-{study.Key}-{series}-{number}";

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)Api).InitializeAsync();
        using var client = Api.CreateClientFor(Roles.Technologist);
        var objects = Studies.SelectMany(study => study.Series.SelectMany((series, s) => Enumerable.Range(1, series.Instances).Select(n =>
            IngestFiles.CtSmallWith(ds =>
            {
                ds.Set(DicomTags.StudyInstanceUID, study.StudyUid);
                ds.Set(DicomTags.SeriesInstanceUID, study.SeriesUids[s]);
                ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
                ds.Set(DicomTags.PatientName, study.PatientName);
                ds.Set(DicomTags.PatientID, study.PatientId);
                ds.Set(DicomTags.PatientBirthDate, study.BirthDate);
                ds.Set(DicomTags.PatientSex, study.Sex);
                ds.Set(DicomTags.StudyDate, study.StudyDate);
                ds.Set(DicomTags.StudyTime, study.StudyTime);
                ds.Set(DicomTags.AccessionNumber, study.AccessionNumber);
                ds.Set(DicomTags.ReferringPhysicianName, "Referrer^Bob");
                ds.Set(DicomTags.Modality, series.Modality);
                ds.Set(DicomTags.SeriesNumber, (s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                ds.Set(DicomTags.InstanceNumber, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                ds.Set(DicomTags.ImageComments, Marker(study, s + 1, n));
            })))).ToList();
        using var stored = await client.PostAsync("/dicomweb/studies", Multipart.Related(objects));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)Api).DisposeAsync();

    /// <summary>A QIDO-RS GET as <paramref name="role"/>: the status, the results (none unless 200) and the response.</summary>
    public async Task<(HttpStatusCode Status, JsonElement[] Results, HttpResponseMessage Response)> SearchAsync(string url, string role = Roles.Radiologist)
    {
        using var client = Api.CreateClientFor(role);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var results = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray() : [];
        return (response.StatusCode, results, response);
    }

    /// <summary>The first value of an attribute of each result (strings, numbers as text, person names' Alphabetic), "(none)" when absent.</summary>
    public static string[] Values(IEnumerable<JsonElement> results, string tag) => results.Select(r => FirstValue(r, tag) ?? "(none)").ToArray();

    public static string? FirstValue(JsonElement result, string tag)
    {
        if (!result.TryGetProperty(tag, out var element) || !element.TryGetProperty("Value", out var values))
        {
            return null;
        }

        var first = values[0];
        return first.ValueKind switch
        {
            JsonValueKind.Object => first.GetProperty("Alphabetic").GetString(),
            JsonValueKind.Number => first.GetRawText(),
            _ => first.GetString(),
        };
    }
}
