using System.Buffers.Binary;
using System.Net;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Dicom.Imaging.Codecs;
using ClinicalImaging.Dicom.Imaging.Display;
using ClinicalImaging.Dicom.Imaging.Png;
using ClinicalImaging.IntegrationTests.Api;
using ClinicalImaging.IntegrationTests.Ingest;
using Xunit;

namespace ClinicalImaging.IntegrationTests.DicomWeb;

/// <summary>WADO-RS rendered and thumbnail resources: the stored object through the display pipeline to PNG.</summary>
public sealed class RenderedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClientFor(Roles.Technologist);

    [Fact]
    public async Task Rendered_is_the_first_frame_through_the_files_own_display_parameters()
    {
        var bytes = IngestFiles.NewCtInstance();
        var instance = await InstanceUrlAsync(bytes);

        using var response = await _client.GetAsync($"{instance}/rendered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ExpectedPng(bytes, null, null), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Window_and_viewport_parameters_are_applied()
    {
        var bytes = IngestFiles.NewCtInstance();
        var instance = await InstanceUrlAsync(bytes);

        var windowed = await _client.GetByteArrayAsync($"{instance}/frames/1/rendered?window=40,400,linear-exact");
        var fitted = await _client.GetByteArrayAsync($"{instance}/rendered?viewport=64,32");

        Assert.Equal(ExpectedPng(bytes, new VoiWindow(40, 400, VoiLutFunction.LinearExact), null), windowed);
        Assert.NotEqual(ExpectedPng(bytes, null, null), windowed);
        Assert.Equal((32, 32), PngSize(fitted));
    }

    [Fact]
    public async Task Thumbnail_fits_the_server_size_or_the_requested_viewport()
    {
        var instance = await InstanceUrlAsync(IngestFiles.NewCtInstance());

        var thumbnail = await _client.GetByteArrayAsync($"{instance}/thumbnail");
        var small = await _client.GetByteArrayAsync($"{instance}/thumbnail?viewport=48,48");

        var (width, height) = PngSize(thumbnail);
        Assert.True(width <= 128 && height <= 128, $"thumbnail is {width}x{height}");
        Assert.Equal((48, 48), PngSize(small));
    }

    [Theory]
    [InlineData("/frames/2/rendered", null, HttpStatusCode.NotFound, "Frame 2 of instance")]
    [InlineData("/rendered?window=40", null, HttpStatusCode.BadRequest, "the window parameter is malformed")]
    [InlineData("/rendered?window=40,0", null, HttpStatusCode.BadRequest, "the window width must be at least 1")]
    [InlineData("/rendered?viewport=0,10", null, HttpStatusCode.BadRequest, "viewport sizes must be 1..4096")]
    [InlineData("/rendered?window=40,400,cubic", null, HttpStatusCode.BadRequest, "the window function must be")]
    [InlineData("/rendered", "image/jpeg", HttpStatusCode.NotAcceptable, "image/png")]
    public async Task Requests_that_cannot_be_served_say_why(string resource, string? accept, HttpStatusCode status, string message)
    {
        var instance = await InstanceUrlAsync(IngestFiles.NewCtInstance());
        using var request = new HttpRequestMessage(HttpMethod.Get, instance + resource);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await _client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Research_may_not_see_rendered_pixels_of_identified_studies()
    {
        var instance = await InstanceUrlAsync(IngestFiles.NewCtInstance());

        using var response = await api.CreateClientFor(Roles.Research).GetAsync($"{instance}/rendered");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> InstanceUrlAsync(byte[] bytes)
    {
        var (study, series, sop) = await StowRsTests.StoreOneAsync(_client, bytes);
        return $"/dicomweb/studies/{study}/series/{series}/instances/{sop}";
    }

    /// <summary>What the display pipeline makes of the object's first frame, computed here from the uploaded bytes.</summary>
    private static byte[] ExpectedPng(byte[] bytes, VoiWindow? window, (int Width, int Height)? viewport)
    {
        using var file = DicomFile.Open(new MemoryStream(bytes));
        var image = DicomImage.FromFile(file);
        using var frame = image.DecodeFrame(0, PixelCodecRegistry.CreateDefault());
        var rendered = FrameRenderer.Render(frame, image.CreateRenderOptions(window));
        return PngEncoder.Encode(viewport is { } size ? ImageResizer.Fit(rendered, size.Width, size.Height) : rendered);
    }

    private static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
}
