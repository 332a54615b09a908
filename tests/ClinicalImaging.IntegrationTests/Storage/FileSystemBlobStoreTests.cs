using System.Security.Cryptography;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace ClinicalImaging.IntegrationTests.Storage;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"clinimg-blobs-{Guid.NewGuid():N}");
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() =>
        _store = new FileSystemBlobStore(Options.Create(new FileSystemBlobStoreOptions { RootPath = _root }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Committed_object_is_stored_under_its_content_address_and_reads_back_identical()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        await using var staged = await _store.StageAsync(new MemoryStream(bytes), 1_000_000, CancellationToken.None);
        var stored = await _store.CommitAsync(staged, CancellationToken.None);

        Assert.Equal($"{sha[..2]}/{sha}.dcm", stored.BlobKey);
        Assert.Equal(bytes.Length, stored.SizeBytes);
        Assert.Equal(sha, stored.Sha256);
        await using var read = _store.OpenRead(stored.BlobKey);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "staging")));
    }

    /// <summary>
    /// Sizes around O_DIRECT's 4 KiB blocks, the 64 KiB kept in memory and the 128 KiB staging buffer, written around
    /// the page cache and through it: the staged object reads back identical (from memory, then from the file, with
    /// seeks across the boundary), and the committed file has exactly the object's length and content.
    /// </summary>
    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 4095)]
    [InlineData(true, 4096)]
    [InlineData(true, 65_537)]
    [InlineData(true, 131_071)]
    [InlineData(true, 131_072)]
    [InlineData(true, 262_145)]
    [InlineData(false, 4097)]
    [InlineData(false, 262_145)]
    public async Task Objects_of_any_length_stage_and_commit_byte_identical(bool directWrites, int length)
    {
        var store = new FileSystemBlobStore(Options.Create(new FileSystemBlobStoreOptions { RootPath = _root, DirectWrites = directWrites }));
        var bytes = RandomNumberGenerator.GetBytes(length);

        await using var staged = await store.StageAsync(new MemoryStream(bytes), 1_000_000, CancellationToken.None);
        Assert.Equal(length, staged.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), staged.Sha256);
        await using (var read = staged.OpenRead())
        {
            Assert.Equal(length, read.Length);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());

            var tail = new byte[Math.Min(length, 10)];
            read.Seek(-tail.Length, SeekOrigin.End);
            read.ReadExactly(tail);
            Assert.Equal(bytes[^tail.Length..], tail);
            read.Position = 0;
            var first = new byte[Math.Min(length, 100)];
            read.ReadExactly(first);
            Assert.Equal(bytes[..first.Length], first);
        }

        var stored = await store.CommitAsync(staged, CancellationToken.None);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(_root, "objects", stored.BlobKey)));
    }

    [Fact]
    public async Task Same_bytes_committed_twice_are_one_object()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);

        await using var first = await _store.StageAsync(new MemoryStream(bytes), 10_000, CancellationToken.None);
        await using var second = await _store.StageAsync(new MemoryStream(bytes), 10_000, CancellationToken.None);
        var a = await _store.CommitAsync(first, CancellationToken.None);
        var b = await _store.CommitAsync(second, CancellationToken.None);

        Assert.Equal(a, b);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "objects"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Content_over_the_limit_is_refused_and_leaves_nothing_behind()
    {
        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => _store.StageAsync(new MemoryStream(new byte[5000]), 4096, CancellationToken.None));

        Assert.Equal(4096, error.LimitBytes);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "staging")));
    }

    [Fact]
    public async Task A_staged_object_that_is_never_committed_is_discarded()
    {
        var staged = await _store.StageAsync(new MemoryStream([1, 2, 3]), 100, CancellationToken.None);
        await using (var reader = staged.OpenRead())
        {
            Assert.Equal(3, reader.Length);
        }

        await staged.DisposeAsync();

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "staging")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "objects"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ab/../../../../etc/passwd")]
    [InlineData("AB/ABCDEF.dcm")]
    public void Keys_that_this_store_did_not_issue_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => _store.OpenRead(key));

    [Fact]
    public void Missing_object_is_not_found()
    {
        var key = $"00/{new string('0', 64)}.dcm";

        Assert.Throws<NotFoundException>(() => _store.OpenRead(key));
    }

    [Fact]
    public async Task Lists_objects_older_than_a_moment_for_the_sweeper()
    {
        await using var staged = await _store.StageAsync(new MemoryStream([9, 9, 9]), 100, CancellationToken.None);
        var stored = await _store.CommitAsync(staged, CancellationToken.None);

        var beforeWrite = await ToListAsync(_store.ListKeysAsync(DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None));
        var afterWrite = await ToListAsync(_store.ListKeysAsync(DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None));

        Assert.Empty(beforeWrite);
        Assert.Equal([stored.BlobKey], afterWrite);
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (var key in keys)
        {
            list.Add(key);
        }

        return list;
    }
}
