using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using ClinicalImaging.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>The real API host served by Kestrel on a loopback port, for clients that need a real TCP connection.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>The server's base address (http://127.0.0.1:port), starting it on first use.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        }
    }
}

/// <summary>
/// dicomweb-client (npm, the OHIF project's DICOMweb client) under Node drives the running server: STOW-RS of real files,
/// then QIDO-RS and WADO-RS (instance, metadata, frames, rendered). What it gets back is judged against pydicom.
/// </summary>
public sealed class DicomWebClientTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task An_independent_DICOMweb_client_stores_finds_and_retrieves_real_files()
    {
        // A single-frame CT and a 15-frame RT dose, both native pixel data, so frames can be checked byte by byte.
        string[] files = [IngestFiles.CtSmall, Path.Combine(Pydicom.TestFiles, "rtdose.dcm")];
        var facts = Pydicom.Read(files);

        var report = await RunClientAsync(files);

        Assert.Equal(0, report.Failed);
        Assert.Equal(files.Length, report.Referenced.Count);
        foreach (var (file, referenced, result) in files.Zip(report.Referenced, report.Results))
        {
            var expected = facts[file];
            Assert.Equal(expected.SOPInstanceUID, referenced.SopInstanceUid);
            Assert.Equal(expected.SOPClassUID, referenced.SopClassUid);
            Assert.EndsWith($"/studies/{expected.StudyInstanceUID}/series/{expected.SeriesInstanceUID}/instances/{expected.SOPInstanceUID}", referenced.RetrieveUrl, StringComparison.Ordinal);

            Assert.Equal(1, result.QidoInstances);
            Assert.Equal(expected.StudyInstanceUID, result.QidoInstance.StudyInstanceUid);
            Assert.Equal(expected.SeriesInstanceUID, result.QidoInstance.SeriesInstanceUid);
            Assert.Equal(expected.StudyInstanceUID, Assert.Single(result.QidoStudies));
            Assert.Contains(expected.SeriesInstanceUID, result.QidoSeries);

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))), result.InstanceSha256);

            var metadata = Assert.Single(result.Metadata);
            Assert.Equal(
                (expected.StudyInstanceUID, expected.SeriesInstanceUID, expected.SOPInstanceUID, expected.SOPClassUID, expected.Modality),
                (metadata.StudyInstanceUid, metadata.SeriesInstanceUid, metadata.SopInstanceUid, metadata.SopClassUid, metadata.Modality));
            var (rows, columns) = (int.Parse(expected.Rows!, CultureInfo.InvariantCulture), int.Parse(expected.Columns!, CultureInfo.InvariantCulture));
            Assert.Equal((rows, columns), (metadata.Rows, metadata.Columns));

            var frameHashes = expected.FrameSha256!;
            Assert.Equal(frameHashes.Length > 1 ? [1, frameHashes.Length] : [1], result.Frames.Select(f => f.Number));
            Assert.All(result.Frames, frame => Assert.Equal(frameHashes[frame.Number - 1], frame.Sha256));

            Assert.Equal("89504e470d0a1a0a", result.Rendered.Signature);
            Assert.Equal((columns, rows), (result.Rendered.Width, result.Rendered.Height));
        }
    }

    private async Task<ClientReport> RunClientAsync(IEnumerable<string> files)
    {
        var folder = Path.Combine(ConformanceDocumentTests.RepositoryRoot(), "tests", "dicomweb-client");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "dicomweb-client")))
        {
            await RunAsync(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = folder });
        }

        var start = new ProcessStartInfo("node", [Path.Combine(folder, "e2e.js"), .. files]) { WorkingDirectory = folder };
        start.Environment["DICOMWEB_URL"] = new Uri(api.BaseAddress, "/dicomweb").ToString();
        start.Environment["DICOMWEB_TOKEN"] = TestKeys.Token("dicomweb-client", Roles.Technologist);
        return JsonSerializer.Deserialize<ClientReport>(await RunAsync(start), Json)!;
    }

    /// <summary>Runs the program to its end; its standard output, or an exception carrying its standard error.</summary>
    private static async Task<string> RunAsync(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{start.FileName} exited with {process.ExitCode}: {await error}");
    }

    private sealed record ClientReport(List<ReferencedInstance> Referenced, int Failed, List<InstanceResult> Results);

    private sealed record ReferencedInstance(string SopClassUid, string SopInstanceUid, string RetrieveUrl);

    private sealed record InstanceResult(
        int QidoInstances,
        DatasetSummary QidoInstance,
        List<string> QidoStudies,
        List<string> QidoSeries,
        string InstanceSha256,
        List<DatasetSummary> Metadata,
        List<FrameResult> Frames,
        RenderedResult Rendered);

    private sealed record DatasetSummary(
        string? StudyInstanceUid, string? SeriesInstanceUid, string? SopInstanceUid, string? SopClassUid, string? Modality, int? Rows, int? Columns);

    private sealed record FrameResult(int Number, int Length, string Sha256);

    private sealed record RenderedResult(string Signature, int? Width, int? Height);
}
