using System.Net;
using ClinicalImaging.Api.Ingest;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.IntegrationTests.DicomWeb;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.EndToEnd;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Ingest;

/// <summary>
/// Kestrel's connection buffers come from our 64 KiB block pool (decision 0817). The real host as its own process: the
/// test host's Kestrel registers its own pool after Program's.
/// </summary>
public sealed class KestrelBufferTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Objects_spanning_many_blocks_arrive_whole_over_a_real_socket()
    {
        _ = api.Services; // the in-process host migrates the database at start, before the server process uses it
        await using var server = await ApiProcess.StartAsync("api", api.ConnectionString, api.StorageRoot);
        using var client = server.CreateClientFor("kestrel-buffers", Roles.Technologist, Roles.Radiologist);
        var studyUid = IngestFiles.NewUid();
        // Odd sizes, so part boundaries and object ends fall anywhere within a block.
        var objects = new[] { 300_001, 1_048_583, 65_536 * 3 + 17 }.Select(bytes => IngestFiles.CtSmallWith(ds =>
        {
            ds.Set(DicomTags.StudyInstanceUID, studyUid);
            ds.Set(DicomTags.SOPInstanceUID, IngestFiles.NewUid());
            ds.Set(DicomTags.PixelData, DicomVR.OB, new ReadOnlyMemory<byte>(Enumerable.Range(0, bytes).Select(i => (byte)(i * 31 + bytes)).ToArray()));
        })).ToList();

        using var stored = await client.PostAsync($"/dicomweb/studies/{studyUid}", Multipart.Related(objects, new MultipartStyle(Chunked: true)));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{studyUid}");
        request.Headers.Accept.Add(Multipart.AcceptDicom);
        using var retrieved = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, retrieved.StatusCode);
        var parts = (await Multipart.ReadAsync(retrieved)).Select(p => p.Body).ToList();
        Assert.Equal(objects.Count, parts.Count);
        Assert.All(objects, sent => Assert.Contains(parts, part => part.AsSpan().SequenceEqual(sent)));
    }

    [Fact]
    public void The_pool_hands_out_whole_blocks_and_reuses_returned_ones()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        var memory = first.Memory;
        Assert.Equal(LargeBlockMemoryPool.BlockSize, memory.Length);
        first.Dispose();

        using var second = pool.Rent(LargeBlockMemoryPool.BlockSize);
        Assert.True(memory.Span == second.Memory.Span);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }
}
