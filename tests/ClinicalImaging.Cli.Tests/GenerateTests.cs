using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Fhir.Mapping;
using ClinicalImaging.Application.Fhir.Resources;
using ClinicalImaging.Dicom;
using ClinicalImaging.Testing.Fhir;
using Xunit;

namespace ClinicalImaging.Cli.Tests;

/// <summary>clinimg generate, checked by pydicom, dcmdump and dciodvfy, and by the FHIR R4 schema.</summary>
public sealed class GenerateTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _folder = Directory.CreateTempSubdirectory("clinimg-generate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("CT", "CT", "1.2.840.10008.5.1.4.1.1.2", "CHEST", 512, 512)]
    [InlineData("MR", "MR", "1.2.840.10008.5.1.4.1.1.4", "HEAD", 256, 256)]
    [InlineData("CR", "CR", "1.2.840.10008.5.1.4.1.1.1", "CHEST", 1024, 1024)]
    [InlineData("DX", "DX", "1.2.840.10008.5.1.4.1.1.1.1", "CHEST", 1024, 1024)]
    [InlineData("XR", "DX", "1.2.840.10008.5.1.4.1.1.1.1", "CHEST", 1024, 1024)]
    [InlineData("MG", "MG", "1.2.840.10008.5.1.4.1.1.1.2", "BREAST", 1280, 1024)]
    [InlineData("US", "US", "1.2.840.10008.5.1.4.1.1.6.1", "ABDOMEN", 480, 640)]
    public async Task Each_modality_makes_valid_objects_that_pydicom_dcmtk_and_dciodvfy_read_cleanly(
        string modality, string dicomModality, string sopClass, string bodyPart, int rows, int columns)
    {
        var bundle = await WriteBundleAsync(Study("s1", "2.25.100", ("2.25.101", modality, 3, bodyPart)));

        var (code, _, error) = await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "out"));

        Assert.True(code == 0, error);
        var files = Enumerable.Range(1, 3).Select(n => Path.Combine(_folder, "out", "study_s1", $"series_1_{modality}", $"slice_{n}.dcm")).ToList();
        var read = Oracle(files);
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            var values = read[file];
            Assert.Equal((sopClass, dicomModality, "2.25.100", "2.25.101"), (values.SopClass, values.Modality, values.Study, values.Series));
            Assert.Equal(("Doe^Jane", "MRN-7", bodyPart, index + 1), (values.PatientName, values.PatientId, values.BodyPart, values.InstanceNumber));
            Assert.Equal([rows, columns], values.Shape);
            Assert.Equal(0, values.Dcmdump);
            Assert.Empty(values.DciodvfyErrors);
            Assert.Empty(values.DciodvfyWarnings);
            // Anatomy, not a constant or noise: many distinct values spread over the range.
            Assert.True(values.DistinctValues > 30 && values.Max > values.Min + 100, $"{file}: {values.DistinctValues} values in {values.Min}..{values.Max}");
        }

        Assert.Equal(3, read.Values.Select(v => v.Sop).Distinct().Count());
        if (modality == "XR")
        {
            // Chest radiographs come as PA and left lateral views, and the two look different.
            Assert.Equal(["PA", "LL", "PA"], files.Select(f => read[f].ViewPosition));
            Assert.NotEqual(read[files[0]].Mean, read[files[1]].Mean);
        }

        if (modality is "CT" or "MR")
        {
            Assert.True(read[files[0]].SliceLocation < read[files[1]].SliceLocation && read[files[1]].SliceLocation < read[files[2]].SliceLocation, "slices are stacked in order");
        }
    }

    [Fact]
    public async Task The_generated_study_described_in_FHIR_is_the_input_study_and_validates_against_the_schema()
    {
        var bundle = await WriteBundleAsync(Study("s2", "2.25.200",
            ("2.25.201", "CT", 2, "ABDOMEN"), ("2.25.202", "MR", 2, "HEAD"), ("2.25.203", "CR", 1, "CHEST"),
            ("2.25.204", "DX", 1, "CHEST"), ("2.25.205", "MG", 2, "BREAST"), ("2.25.206", "US", 2, "ABDOMEN"), ("2.25.207", "XR", 2, "CHEST")));

        var (code, _, error) = await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "out"));

        Assert.True(code == 0, error);
        var headers = Directory.GetFiles(Path.Combine(_folder, "out"), "*.dcm", SearchOption.AllDirectories)
            .Select(f => DicomFile.Open(f, ClinicalImaging.Dicom.IO.DicomReadOptions.HeaderOnly).Dataset).ToList();
        var study = ImagingStudyMapper.ToImagingStudy(
            ImagingStudySource.FromDatasets(headers, Reference.To("Patient/p1")),
            new FhirMappingContext("http://localhost/dicomweb", TimeZoneInfo.Utc));
        var resources = Path.Combine(_folder, "resources");
        Directory.CreateDirectory(resources);
        await File.WriteAllTextAsync(Path.Combine(resources, "generated.json"), FhirJson.Serialize(study));
        await File.WriteAllTextAsync(Path.Combine(resources, "input.json"), await File.ReadAllTextAsync(bundle));

        Assert.Equal(["CT", "MR", "CR", "DX", "MG", "US", "DX"], study.Series!.Select(s => s.Modality.Code));
        Assert.Equal([2, 2, 1, 1, 2, 2, 2], study.Series!.Select(s => s.NumberOfInstances!.Value));
        Assert.Equal(["818981001", "69536005", "816094009", "816094009", "76752008", "818981001", "816094009"], study.Series!.Select(s => s.BodySite!.Code));
        Assert.Null(FhirSchemaValidator.Failures(FhirSchemaValidator.ValidateFolder(resources)));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_bytes_and_another_seed_other_pixels()
    {
        var bundle = await WriteBundleAsync(Study("s3", "2.25.300", ("2.25.301", "US", 1, "ABDOMEN")));

        await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "a"), "--seed", "7");
        await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "b"), "--seed", "7");
        await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "c"), "--seed", "8");

        var file = Path.Combine("study_s3", "series_1_US", "slice_1.dcm");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_folder, "a", file)), await File.ReadAllBytesAsync(Path.Combine(_folder, "b", file)));
        Assert.NotEqual(await File.ReadAllBytesAsync(Path.Combine(_folder, "a", file)), await File.ReadAllBytesAsync(Path.Combine(_folder, "c", file)));
    }

    [Fact]
    public async Task Studies_come_from_a_FHIR_server_page_by_page_with_their_patients_and_go_to_STOW_RS_and_Orthanc()
    {
        await using var server = new FakeHttpServer(request => request.Path switch
        {
            "/fhir/ImagingStudy" when request.Query.Contains("page=2", StringComparison.Ordinal) =>
                (200, Page(null, Study("s5", "2.25.500", ("2.25.501", "CR", 1, "CHEST")))),
            "/fhir/ImagingStudy" => (200, Page("/fhir/ImagingStudy?page=2", Study("s4", "2.25.400", ("2.25.401", "DX", 1, "CHEST")))),
            "/fhir/Patient/p1" => (200, PatientJson),
            "/dicomweb/studies" or "/orthanc/instances" => (200, "{}"),
            _ => (404, "{}"),
        });

        var (code, output, error) = await RunAsync("generate", "--fhir-url", server.Url + "fhir", "--patient-id", "p1", "--max-studies", "2",
            "--out", Path.Combine(_folder, "out"), "--stow", server.Url + "dicomweb", "--orthanc", server.Url + "orthanc", "--token", "t0k3n");

        Assert.True(code == 0, error);
        Assert.Contains("2 studies, 2 series, 2 instances", output, StringComparison.Ordinal);
        Assert.Contains("generating [", error, StringComparison.Ordinal);
        var first = server.Requests[0];
        Assert.Equal(("/fhir/ImagingStudy", "?_count=2&patient=p1"), (first.Path, first.Query));
        Assert.Equal(1, server.Requests.Count(r => r.Path == "/fhir/Patient/p1"));
        var stow = server.Requests.Where(r => r.Path == "/dicomweb/studies").ToList();
        Assert.Equal(2, stow.Count);
        Assert.All(stow, r => Assert.StartsWith("multipart/related", r.ContentType, StringComparison.Ordinal));
        Assert.All(stow, r => Assert.Equal("Bearer t0k3n", r.Authorization));
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/orthanc/instances" && r.ContentType == "application/dicom" && r.BodyLength > 1_000_000));
        using var generated = DicomFile.Open(Path.Combine(_folder, "out", "study_s5", "series_1_CR", "slice_1.dcm"));
        Assert.Equal("Doe^Jane", generated.Dataset.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task A_modality_the_generator_does_not_make_is_refused_with_a_message_naming_it()
    {
        var bundle = await WriteBundleAsync(Study("s6", "2.25.600", ("2.25.601", "PT", 1, "CHEST")));

        var (code, _, error) = await RunAsync("generate", "--bundle", bundle, "--out", Path.Combine(_folder, "out"));

        Assert.Equal(2, code);
        Assert.Contains("modality PT is not one the generator makes", error, StringComparison.Ordinal);
    }

    private const string PatientJson =
        """{"resourceType":"Patient","id":"p1","identifier":[{"value":"MRN-7"}],"name":[{"family":"Doe","given":["Jane"]}],"gender":"female","birthDate":"1970-01-02"}""";

    private static readonly Dictionary<string, string> SnomedOf = new()
    {
        ["CHEST"] = "816094009", ["HEAD"] = "69536005", ["ABDOMEN"] = "818981001", ["BREAST"] = "76752008",
    };

    private static string Study(string id, string uid, params (string Uid, string Modality, int Count, string BodyPart)[] series) => JsonSerializer.Serialize(new
    {
        resourceType = "ImagingStudy",
        id,
        status = "available",
        identifier = new[] { new { system = "urn:dicom:uid", value = "urn:oid:" + uid } },
        subject = new { reference = "Patient/p1" },
        started = "2024-05-06T07:08:09+02:00",
        series = series.Select((s, i) => new
        {
            uid = s.Uid,
            number = i + 1,
            modality = new { system = FhirCodeSystems.Dicom, code = s.Modality },
            numberOfInstances = s.Count,
            bodySite = new { system = FhirCodeSystems.SnomedCt, code = SnomedOf[s.BodyPart] },
        }),
    });

    private static string Page(string? next, string study) =>
        $$"""{"resourceType":"Bundle","type":"searchset","link":[{"relation":"self","url":"x"}{{(next is null ? "" : $$""",{"relation":"next","url":"{{next}}"}""")}}],"entry":[{"resource":{{study}}}]}""";

    private async Task<string> WriteBundleAsync(string study)
    {
        var path = Path.Combine(_folder, "bundle.json");
        await File.WriteAllTextAsync(path, $$"""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:p1","resource":{{PatientJson}}},{"resource":{{study}}}]}""");
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApplication.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Dictionary<string, OracleValues> Oracle(IEnumerable<string> files)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "generate_oracle.py"));
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return JsonSerializer.Deserialize<Dictionary<string, OracleValues>>(stdout, Json)!;
    }

    private sealed record OracleValues(
        string SopClass, string Modality, string Study, string Series, string Sop, int InstanceNumber, string PatientName, string PatientId,
        string BodyPart, int[] Shape, int Min, int Max, double Mean, int DistinctValues, double? SliceLocation, string ViewPosition, int Dcmdump, string[] DciodvfyErrors, string[] DciodvfyWarnings);

    /// <summary>A loopback HTTP server answering from a table, recording each request (never the internet).</summary>
    private sealed class FakeHttpServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public FakeHttpServer(Func<RecordedRequest, (int Status, string Body)> answer)
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            }

            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }

                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    var request = new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.Url.Query, context.Request.ContentType, context.Request.Headers["Authorization"], body.Length);
                    lock (Requests)
                    {
                        Requests.Add(request);
                    }

                    var (status, text) = answer(request);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/fhir+json";
                    var bytes = Encoding.UTF8.GetBytes(text.Replace("\"/fhir/", $"\"{Url}fhir/", StringComparison.Ordinal));
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public List<RecordedRequest> Requests { get; } = [];

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _loop;
            _listener.Close();
        }
    }

    private sealed record RecordedRequest(string Path, string Query, string? ContentType, string? Authorization, long BodyLength);
}
