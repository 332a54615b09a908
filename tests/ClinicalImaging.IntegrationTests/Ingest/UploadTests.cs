using ClinicalImaging.Application.Common.Security;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClinicalImaging.Api.Endpoints;
using ClinicalImaging.Application.Ingest.StoreInstance;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Domain.Studies;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.DicomWeb;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Ingest;

public sealed class UploadTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task Uploads_files_and_a_zip_expanded_entry_by_entry_and_reports_each()
    {
        var single = IngestFiles.NewCtInstance();
        var inZip = new[] { IngestFiles.NewCtInstance(), IngestFiles.NewCtInstance() };
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("folder/");
            for (var i = 0; i < inZip.Length; i++)
            {
                await using var entry = archive.CreateEntry($"folder/{i}.dcm").Open();
                await entry.WriteAsync(inZip[i]);
            }

            await using var text = archive.CreateEntry("README.txt").Open();
            await text.WriteAsync("not an image"u8.ToArray());
        }

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(single), "files", "ct.dcm" },
            { new ByteArrayContent(zip.ToArray()), "files", "scans.zip" },
            { new StringContent("a note"), "comment" },
        };
        using var response = await _client.PostAsync("/api/v1/images/upload", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!;
        Assert.Equal((3, 0, 1), (body.Stored, body.AlreadyStored, body.Failed));
        Assert.Equal(["ct.dcm", "scans.zip/folder/0.dcm", "scans.zip/folder/1.dcm", "scans.zip/README.txt"], body.Files.Select(f => f.File));
        Assert.All(body.Files.Take(3), f => Assert.Equal(StoreOutcome.Stored, f.Outcome));
        var readme = body.Files[3];
        Assert.Equal("C000", readme.FailureReason);
        Assert.StartsWith("not a readable DICOM object: ", readme.Message, StringComparison.Ordinal);

        for (var i = 0; i < inZip.Length; i++)
        {
            Assert.Equal(inZip[i], await _client.GetByteArrayAsync($"/api/v1/images/{body.Files[i + 1].InstanceId}/download"));
        }
    }

    [Fact]
    public async Task A_damaged_zip_fails_as_one_file_that_cannot_be_understood()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("PK\u0003\u0004 broken"u8.ToArray()), "files", "broken.zip" } };

        using var response = await _client.PostAsync("/api/v1/images/upload", form);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var file = Assert.Single((await response.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!.Files);
        Assert.Equal("broken.zip", file.File);
        Assert.Equal("C000", file.FailureReason);
        Assert.StartsWith("not a readable ZIP archive: ", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_entry_fails_alone_and_the_other_entries_of_the_zip_are_stored()
    {
        var entries = new[] { IngestFiles.NewCtInstance(), IngestFiles.NewCtInstance(), IngestFiles.NewCtInstance() };
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries.Length; i++)
            {
                await using var entry = await archive.CreateEntry($"{i}.dcm", CompressionLevel.Optimal).OpenAsync();
                await entry.WriteAsync(entries[i]);
            }
        }

        // Corrupt the middle entry's compressed data (after its local header and name), not the archive's directory.
        var bytes = zip.ToArray();
        var header = bytes.AsSpan().IndexOf("1.dcm"u8);
        for (var i = header + 200; i < header + 400; i++)
        {
            bytes[i] ^= 0x5A;
        }

        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "files", "scans.zip" } };
        using var response = await _client.PostAsync("/api/v1/images/upload", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!;
        Assert.Equal(["scans.zip/0.dcm", "scans.zip/1.dcm", "scans.zip/2.dcm"], body.Files.Select(f => f.File));
        Assert.Equal([StoreOutcome.Stored, StoreOutcome.Failed, StoreOutcome.Stored], body.Files.Select(f => f.Outcome));
        Assert.Equal("C000", body.Files[1].FailureReason);
        Assert.StartsWith("the archive entry cannot be decompressed: ", body.Files[1].Message, StringComparison.Ordinal);
        Assert.Equal(entries[2], await _client.GetByteArrayAsync($"/api/v1/images/{body.Files[2].InstanceId}/download"));
    }

    [Fact]
    public async Task An_upload_without_files_is_a_400_and_another_media_type_a_415()
    {
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "comment" } };
        using var noFiles = await _client.PostAsync("/api/v1/images/upload", empty);
        using var json = await _client.PostAsync("/api/v1/images/upload", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.BadRequest, noFiles.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
    }

    /// <summary>Regression: both routes once kept the 1 MiB default body limit, so any body that declared a larger Content-Length got a 413.</summary>
    [Fact]
    public async Task Objects_larger_than_the_default_body_limit_are_stored_by_upload_and_STOW_RS()
    {
        byte[] Large() => IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set<ushort>(DicomTags.Rows, 1024);
            ds.Set<ushort>(DicomTags.Columns, 1024);
            ds.Set(DicomTags.PixelData, DicomVR.OW, new ReadOnlyMemory<byte>(new byte[1024 * 1024 * 2]));
        });
        var (viaUpload, viaStow) = (Large(), Large());

        using var form = new MultipartFormDataContent { { new ByteArrayContent(viaUpload), "files", "large.dcm" } };
        using var uploaded = await _client.PostAsync("/api/v1/images/upload", form);
        using var stowed = await _client.PostAsync("/dicomweb/studies", Multipart.Related([viaStow]));

        Assert.True(form.Headers.ContentLength > 2 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stowed.StatusCode);
        var file = Assert.Single((await uploaded.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!.Files);
        Assert.Equal(viaUpload, await _client.GetByteArrayAsync($"/api/v1/images/{file.InstanceId}/download"));
    }

    [Fact]
    public async Task Downloading_an_unknown_image_is_a_404()
    {
        using var response = await _client.GetAsync($"/api/v1/images/{Guid.NewGuid()}/download");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// Every file of pydicom's test set goes through the upload; each must be stored and come back byte-identical over
    /// WADO-RS and the download, or fail alone with a clear reason where pydicom or our reader refuses it or a required
    /// attribute is missing. Files with an empty Patient ID are stored like any other. Files that contradict each other (same SOP instance with other bytes, one study under two
    /// patients) are uploaded in separate rounds to separate archives.
    /// </summary>
    [Fact]
    public async Task Every_readable_file_of_the_pydicom_test_set_is_stored_and_retrieved_byte_identical()
    {
        var paths = Directory.GetFiles(Pydicom.TestFiles).Where(p => !p.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var facts = Pydicom.Read(paths);
        var expectations = paths.Select(p => Expect(p, facts[p])).ToList();
        var storable = expectations.Where(e => e.Reason is null).ToList();
        Assert.True(storable.Count >= 40, $"only {storable.Count} storable files");

        var rounds = Rounds(storable);
        var refused = expectations.Where(e => e.Reason is not null);
        var stored = 0;
        for (var round = 0; round < rounds.Count; round++)
        {
            // Each round gets an archive of its own (database and object store), so its objects can be counted exactly.
            var archive = new ApiFactory();
            await archive.InitializeAsync();
            try
            {
                stored += await UploadAndRetrieveAsync(archive, round == 0 ? [.. rounds[0], .. refused] : rounds[round]);
            }
            finally
            {
                await ((IAsyncLifetime)archive).DisposeAsync();
            }
        }

        Assert.Equal(storable.Count, stored);
        Assert.Contains(storable, e => e.Facts.HasPatientID && e.Facts.PatientID is null);
    }

    /// <summary>Uploads the batch in one request, checks each file's outcome, retrieves each stored one; returns how many were stored.</summary>
    private static async Task<int> UploadAndRetrieveAsync(ApiFactory archive, List<Expectation> batch)
    {
        var client = archive.CreateClientFor(Roles.Technologist);
        using var form = new MultipartFormDataContent();
        foreach (var expectation in batch)
        {
            form.Add(new StreamContent(File.OpenRead(expectation.Path)), "files", Path.GetFileName(expectation.Path));
        }

        using var response = await client.PostAsync("/api/v1/images/upload", form);
        var body = (await response.Content.ReadFromJsonAsync<UploadResponse>(StowRsTests.JsonOptions))!;
        Assert.Equal(batch.Count, body.Files.Count);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (expectation, file) in batch.Zip(body.Files))
        {
            Assert.Equal(Path.GetFileName(expectation.Path), file.File);
            if (expectation.Reason is { } reason)
            {
                Assert.True(file.Outcome == StoreOutcome.Failed, $"{file.File} should fail: {expectation.Why}");
                Assert.Equal($"{reason:X4}", file.FailureReason);
                Assert.False(string.IsNullOrWhiteSpace(file.Message));
                continue;
            }

            Assert.True(file.Outcome == StoreOutcome.Stored, $"{file.File}: {file.FailureReason} {file.Message}");
            var original = await File.ReadAllBytesAsync(expectation.Path);
            stored.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(original)));
            Assert.Equal(original, await client.GetByteArrayAsync($"/api/v1/images/{file.InstanceId}/download"));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{file.StudyInstanceUid}/series/{file.SeriesInstanceUid}/instances/{file.SopInstanceUid}");
            request.Headers.Accept.Add(Multipart.AcceptDicom);
            using var retrieved = await client.SendAsync(request);
            var part = Assert.Single(await Multipart.ReadAsync(retrieved));
            Assert.Equal(original, part.Body);
        }

        // Nothing half-stored: exactly one object per stored content, no staging leftovers.
        Assert.Equal(stored.Count, Directory.GetFiles(Path.Combine(archive.StorageRoot, "objects"), "*.dcm", SearchOption.AllDirectories).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(archive.StorageRoot, "staging")));
        return body.Files.Count(f => f.Outcome == StoreOutcome.Stored);
    }

    private sealed record Expectation(string Path, PydicomFacts Facts, ushort? Reason, string Why);

    private static Expectation Expect(string path, PydicomFacts facts)
    {
        if (!facts.Readable)
        {
            return new(path, facts, StowFailureReasons.CannotUnderstand, "pydicom cannot read it");
        }

        try
        {
            using var _ = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
        }
        catch (DicomParseException exception)
        {
            return new(path, facts, StowFailureReasons.CannotUnderstand, $"our reader refuses it: {exception.Message}");
        }

        string?[] uids = [facts.SOPClassUID, facts.SOPInstanceUID, facts.StudyInstanceUID, facts.SeriesInstanceUID];
        // An empty Patient ID is stored (an unidentified patient); an absent one is not (Type 2: it must be present).
        if (!facts.HasPatientID || uids.Any(uid => !DicomUid.TryParse(uid, out _, out _)))
        {
            return new(path, facts, StowFailureReasons.DataSetDoesNotMatchSopClass, "a required attribute is missing or malformed");
        }

        return new(path, facts, null, "storable");
    }

    /// <summary>Greedy rounds in which no two files claim one SOP instance, one study for two patients, or one series for two studies.</summary>
    private static List<List<Expectation>> Rounds(List<Expectation> storable)
    {
        var rounds = new List<List<Expectation>>();
        foreach (var file in storable)
        {
            var round = rounds.FirstOrDefault(r => !r.Any(other => Conflict(file.Facts, other.Facts)));
            if (round is null)
            {
                round = [];
                rounds.Add(round);
            }

            round.Add(file);
        }

        return rounds;
    }

    private static bool Conflict(PydicomFacts a, PydicomFacts b) =>
        a.SOPInstanceUID == b.SOPInstanceUID
        || (a.StudyInstanceUID == b.StudyInstanceUID && a.PatientID != b.PatientID)
        || (a.SeriesInstanceUID == b.SeriesInstanceUID && a.StudyInstanceUID != b.StudyInstanceUID);
}
