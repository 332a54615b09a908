using ClinicalImaging.Dicom;
using ClinicalImaging.Application.Common.Security;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

public sealed class WadoRsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Patient's Name, Patient ID and Patient's Birth Date: the direct identifiers the patient row keeps (encrypted).</summary>
    private static readonly string[] RestoredIdentifiers = ["00100010", "00100020", "00100030"];
    private readonly HttpClient _client = api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task Retrieves_a_study_and_one_of_its_series_as_the_original_objects()
    {
        var study = IngestFiles.NewUid();
        var (axial, scout) = (IngestFiles.NewUid(), IngestFiles.NewUid());
        var axialObjects = new[] { IngestFiles.NewCtInstance(study, axial), IngestFiles.NewCtInstance(study, axial) };
        var scoutObject = IngestFiles.NewCtInstance(study, scout);
        using var stored = await _client.PostAsync("/dicomweb/studies", Multipart.Related([.. axialObjects, scoutObject]));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);

        var studyParts = await RetrieveAsync($"/dicomweb/studies/{study}", Multipart.AcceptDicom);
        var seriesParts = await RetrieveAsync($"/dicomweb/studies/{study}/series/{axial}", null);

        Assert.Equal(SortedHashes([.. axialObjects, scoutObject]), SortedHashes(studyParts.Select(p => p.Body)));
        Assert.Equal(SortedHashes(axialObjects), SortedHashes(seriesParts.Select(p => p.Body)));
        Assert.All(studyParts, p => Assert.Equal($"application/dicom; transfer-syntax={ExplicitVrLittleEndian}", p.ContentType));
    }

    [Fact]
    public async Task An_instance_is_also_served_as_bare_application_dicom()
    {
        var bytes = IngestFiles.NewCtInstance();
        var (study, series, sop) = await StoreAsync(bytes);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study}/series/{series}/instances/{sop}");
        request.Headers.Accept.ParseAdd("application/dicom");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/dicom", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Metadata_has_every_attribute_pydicom_reads_but_the_direct_identifiers_not_kept_and_bulk_data_behind_URIs_that_return_its_bytes()
    {
        var bytes = IngestFiles.NewCtInstance();
        var (study, series, sop) = await StoreAsync(bytes);
        var path = Path.Combine(api.StorageRoot, $"{sop}.dcm");
        await File.WriteAllBytesAsync(path, bytes);
        var oracle = PydicomJson(path);

        using var response = await _client.GetAsync($"/dicomweb/studies/{study}/series/{series}/instances/{sop}/metadata");

        Assert.Equal("application/dicom+json", response.Content.Headers.ContentType!.MediaType);
        var metadata = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        // The stored header is read up to Pixel Data: it and anything after it (here Data Set Trailing Padding) are not in it.
        // Direct identifiers are kept only encrypted (docs/security.md): the patient row's name, ID and birth date come
        // back, decrypted, for a caller who may read patient data; the others are in the original object only.
        var expectedTags = oracle.EnumerateObject()
            .Where(p => string.CompareOrdinal(p.Name, "7FE00010") < 0 && (!DirectIdentifiers.Contains(p.Name) || (RestoredIdentifiers.Contains(p.Name) && p.Value.TryGetProperty("Value", out _))))
            .Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expectedTags, metadata.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(oracle.EnumerateObject(), p => DirectIdentifiers.Contains(p.Name) && !RestoredIdentifiers.Contains(p.Name));
        Assert.Contains(RestoredIdentifiers, tag => oracle.TryGetProperty(tag, out _));
        foreach (var tag in RestoredIdentifiers.Where(t => metadata.TryGetProperty(t, out _)))
        {
            Assert.True(JsonElement.DeepEquals(oracle.GetProperty(tag), metadata.GetProperty(tag)), $"{tag}: {metadata.GetProperty(tag)}");
        }

        var bulk = oracle.EnumerateObject().Where(p => p.Name != "7FE00010" && p.Value.TryGetProperty("InlineBinary", out _) && p.Value.GetProperty("InlineBinary").GetString()!.Length > 1400).ToList();
        Assert.NotEmpty(bulk);
        foreach (var element in bulk)
        {
            var uri = metadata.GetProperty(element.Name).GetProperty("BulkDataURI").GetString()!;
            Assert.Equal($"http://localhost/dicomweb/studies/{study}/series/{series}/instances/{sop}/bulkdata/{element.Name}", uri);
            var part = Assert.Single(await RetrieveAsync(new Uri(uri).PathAndQuery, null));
            Assert.Equal("application/octet-stream", part.ContentType);
            Assert.Equal(Convert.FromBase64String(element.Value.GetProperty("InlineBinary").GetString()!), part.Body);
        }
    }

    [Fact]
    public async Task Metadata_for_a_caller_without_patient_data_access_has_no_direct_identifier()
    {
        var (study, series, sop) = await StoreAsync(IngestFiles.NewCtInstance());

        using var response = await api.CreateClientFor(Roles.AiService).GetAsync($"/dicomweb/studies/{study}/series/{series}/instances/{sop}/metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metadata = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray());
        Assert.DoesNotContain(metadata.EnumerateObject(), p => DirectIdentifiers.Contains(p.Name));
        Assert.True(metadata.TryGetProperty("00080018", out _));
    }

    [Fact]
    public async Task Frames_are_the_uncompressed_stored_values_one_part_per_listed_frame()
    {
        var bytes = IngestFiles.NewCtInstance();
        var (study, series, sop) = await StoreAsync(bytes);
        using var original = DicomFile.Open(new MemoryStream(bytes));
        var expected = DicomPixelData.From(original.Dataset)!.ReadNativeFrames(0, 1);

        var parts = await RetrieveAsync($"/dicomweb/studies/{study}/series/{series}/instances/{sop}/frames/1,1", null);

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.Equal("application/octet-stream", p.ContentType));
        Assert.All(parts, p => Assert.Equal(expected, p.Body));
    }

    [Theory]
    [InlineData("frames/2", HttpStatusCode.NotFound, "Frame 2 of instance")]
    [InlineData("frames/one", HttpStatusCode.BadRequest, "is not a comma-separated list of frame numbers")]
    [InlineData("frames/0", HttpStatusCode.BadRequest, "frame numbers start at 1")]
    public async Task Frames_that_do_not_exist_or_cannot_be_read_say_why(string resource, HttpStatusCode status, string message)
    {
        var (study, series, sop) = await StoreAsync(IngestFiles.NewCtInstance());

        using var response = await _client.GetAsync($"/dicomweb/studies/{study}/series/{series}/instances/{sop}/{resource}");

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Study_and_series_metadata_list_every_instance()
    {
        var study = IngestFiles.NewUid();
        var series = IngestFiles.NewUid();
        await StoreAsync(IngestFiles.NewCtInstance(study, series));
        await StoreAsync(IngestFiles.NewCtInstance(study, series));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study}/metadata");
        request.Headers.Accept.ParseAdd("*/*");
        using var response = await _client.SendAsync(request);

        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Unknown_study_is_404_and_a_malformed_UID_400()
    {
        using var unknown = await _client.GetAsync($"/dicomweb/studies/{IngestFiles.NewUid()}");
        using var unknownMetadata = await _client.GetAsync($"/dicomweb/studies/{IngestFiles.NewUid()}/metadata");
        using var malformed = await _client.GetAsync("/dicomweb/studies/1..2/metadata");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownMetadata.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Theory]
    [InlineData("", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50")]
    [InlineData("", "image/png")]
    [InlineData("", "multipart/related; type=\"application/octet-stream\"")]
    [InlineData("/metadata", "application/dicom+xml")]
    public async Task What_cannot_be_served_as_accepted_is_406(string resource, string accept)
    {
        var (study, _, _) = await StoreAsync(IngestFiles.NewCtInstance());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{study}{resource}");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task The_stored_transfer_syntax_or_any_is_acceptable()
    {
        var (study, _, _) = await StoreAsync(IngestFiles.NewCtInstance());

        var parts = await RetrieveAsync($"/dicomweb/studies/{study}", MediaTypeWithQualityHeaderValue.Parse($"multipart/related; type=\"application/dicom\"; transfer-syntax={ExplicitVrLittleEndian}"));

        Assert.Single(parts);
    }

    private Task<(string Study, string Series, string Sop)> StoreAsync(byte[] bytes) => StowRsTests.StoreOneAsync(_client, bytes);

    private async Task<List<(string? ContentType, byte[] Body)>> RetrieveAsync(string path, MediaTypeWithQualityHeaderValue? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.Accept.Add(accept);
        }

        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Multipart.ReadAsync(response);
    }

    private static List<string> SortedHashes(IEnumerable<byte[]> objects) =>
        objects.Select(o => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(o))).Order(StringComparer.Ordinal).ToList();

    /// <summary>pydicom's DICOM JSON of the file, every binary value inline.</summary>
    private static JsonElement PydicomJson(string path)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import json, sys, pydicom; print(json.dumps(pydicom.dcmread(sys.argv[1]).to_json_dict(bulk_data_threshold=1 << 30)))");
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
