using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Studies;

/// <summary>GET /api/v1/studies/{uid}/download, read back by Python's zipfile as an independent reader.</summary>
public sealed class StudyDownloadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_zip_holds_every_original_object_stored_under_its_series_folder()
    {
        var study = IngestFiles.NewUid();
        var (first, second) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        var objects = new[] { IngestFiles.NewCtInstance(study, first), IngestFiles.NewCtInstance(study, first), IngestFiles.NewCtInstance(study, second) };
        using var form = new MultipartFormDataContent();
        foreach (var content in objects)
        {
            form.Add(new ByteArrayContent(content), "files", "ct.dcm");
        }

        Assert.Equal(HttpStatusCode.OK, (await api.CreateClientFor(Roles.Technologist).PostAsync("/api/v1/images/upload", form)).StatusCode);

        using var response = await api.CreateClientFor("dr-zip", Roles.Radiologist).GetAsync($"/api/v1/studies/{study}/download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{study}.zip", response.Content.Headers.ContentDisposition?.FileName);
        var zip = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(zip, await response.Content.ReadAsByteArrayAsync());
            var entries = ReadWithPython(zip);

            // CT_small's copies share a series number, so the series come in UID order.
            var folders = new[] { first, second }.Order(StringComparer.Ordinal).Select((uid, i) => (uid, $"SERIES_00{i + 1}")).ToDictionary();
            var expected = objects.Select(o => (Folder: folders[SeriesOf(o)], Sop: SopOf(o), Sha: Convert.ToHexStringLower(SHA256.HashData(o))))
                .Select(e => $"{e.Folder}/{e.Sop}.dcm stored {e.Sha}").Order(StringComparer.Ordinal);
            Assert.Equal(expected, entries.Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(zip);
        }

        var audit = await api.CreateClientFor(Roles.Auditor).GetFromJsonAsync<JsonElement>($"/api/v1/audit?resourceId={study}&action=study.download");
        Assert.Equal("dr-zip", Assert.Single(audit.GetProperty("events").EnumerateArray()).GetProperty("actorId").GetString());
    }

    [Fact]
    public async Task Roles_without_patient_data_access_cannot_download_a_study()
    {
        using var response = await api.CreateClientFor(Roles.AiService).GetAsync($"/api/v1/studies/{IngestFiles.NewUid()}/download");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string SeriesOf(byte[] file) => Tag(file, ClinicalImaging.Dicom.DicomTags.SeriesInstanceUID);

    private static string SopOf(byte[] file) => Tag(file, ClinicalImaging.Dicom.DicomTags.SOPInstanceUID);

    private static string Tag(byte[] file, ClinicalImaging.Dicom.DicomTag tag)
    {
        using var stream = new MemoryStream(file);
        using var dicom = ClinicalImaging.Dicom.DicomFile.Open(stream);
        return dicom.Dataset.GetString(tag)!;
    }

    /// <summary>"name stored|deflated sha256" per entry, after zipfile's own CRC check of every entry.</summary>
    private static List<string> ReadWithPython(string zip)
    {
        const string Script = """
            import hashlib, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                for info in z.infolist():
                    kind = "stored" if info.compress_type == zipfile.ZIP_STORED else "deflated"
                    print(info.filename, kind, hashlib.sha256(z.read(info)).hexdigest())
            """;
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(zip);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
