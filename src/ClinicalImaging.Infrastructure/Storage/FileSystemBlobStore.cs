using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Studies;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Infrastructure.Storage;

/// <summary>
/// Objects as files under <c>{root}/objects/ab/abcdef….dcm</c>, named by the SHA-256 of their content.
/// Staging writes to <c>{root}/staging</c> with fsync; commit is an atomic rename followed by an fsync of the
/// directory, so a committed object survives power loss and a crash never exposes a half-written object.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int BufferSize = 128 * 1024;
    private const string ObjectsFolder = "objects";
    private const string StagingFolder = "staging";
    private const string Extension = ".dcm";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string _objectsRoot;
    private readonly string _stagingRoot;

    public FileSystemBlobStore(IOptions<FileSystemBlobStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Value.RootPath);
        _objectsRoot = Path.Combine(root, ObjectsFolder);
        _stagingRoot = Path.Combine(root, StagingFolder);
        Directory.CreateDirectory(_objectsRoot);
        Directory.CreateDirectory(_stagingRoot);
    }

    public async Task<IStagedObject> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = Path.Combine(_stagingRoot, $"{Guid.NewGuid():N}.tmp");
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            // Whole buffers straight to the file: no FileStream buffer (a 128 KiB array per object on the large object heap).
            using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                int filled;
                while ((filled = await FillAsync(content, buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    if (length + filled > maxBytes)
                    {
                        throw new PayloadTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, filled);
                    RandomAccess.Write(file, buffer.AsSpan(0, filled), length);
                    length += filled;
                }

                RandomAccess.FlushToDisk(file);
            }

            return new StagedFile(path, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the content ends; the count read.</summary>
    private static async ValueTask<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    public Task<StoredObject> CommitAsync(IStagedObject staged, CancellationToken cancellationToken)
    {
        if (staged is not StagedFile file || file.Committed)
        {
            throw new ArgumentException("The object was not staged by this store, or was committed already", nameof(staged));
        }

        var key = KeyFor(file.Sha256);
        var target = PathFor(key);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        // Same content, same key: replacing an identical file is harmless and keeps the operation idempotent.
        File.Move(file.Path, target, overwrite: true);
        file.Committed = true;
        SyncDirectory(folder);
        return Task.FromResult(new StoredObject(key, file.Length, file.Sha256));
    }

    public Stream OpenRead(string blobKey)
    {
        var path = PathFor(blobKey);
        try
        {
            return OpenUnbuffered(path);
        }
        catch (FileNotFoundException)
        {
            throw new NotFoundException("Object", blobKey);
        }
        catch (DirectoryNotFoundException)
        {
            throw new NotFoundException("Object", blobKey);
        }
    }

    public Task DeleteAsync(string blobKey, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(blobKey));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListKeysAsync(DateTimeOffset olderThan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFiles(_objectsRoot, "*" + Extension, SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(path) < olderThan.UtcDateTime)
            {
                yield return Path.GetRelativePath(_objectsRoot, path).Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        await Task.CompletedTask;
    }

    public Task<int> DeleteAbandonedStagingAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(_stagingRoot, "*.tmp"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(path) < olderThan.UtcDateTime)
            {
                File.Delete(path);
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    /// <summary>
    /// Readers buffer themselves (the DICOM reader, response copies with pooled buffers); a FileStream buffer would add
    /// a copy and a 128 KiB array per open on the large object heap, whose collections are background gen-2 GCs.
    /// </summary>
    private static FileStream OpenUnbuffered(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static string KeyFor(string sha256) => $"{sha256[..2]}/{sha256}{Extension}";

    /// <summary>Keys are our own content addresses; anything else is refused before it can name a path.</summary>
    private string PathFor(string blobKey)
    {
        var valid = blobKey.Length == 3 + 64 + Extension.Length
            && blobKey[2] == '/'
            && blobKey.EndsWith(Extension, StringComparison.Ordinal)
            && !blobKey.AsSpan(3, 64).ContainsAnyExcept(LowerHex)
            && blobKey.AsSpan(0, 2).SequenceEqual(blobKey.AsSpan(3, 2));
        if (!valid)
        {
            throw new ArgumentException($"'{blobKey}' is not a blob key of this store", nameof(blobKey));
        }

        return Path.Combine(_objectsRoot, blobKey[..2], blobKey[3..]);
    }

    /// <summary>fsync the directory so the rename itself is durable (POSIX); .NET cannot open a directory handle itself.</summary>
    private static void SyncDirectory(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = NativeMethods.open(folder, NativeMethods.ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open the object folder to make the write durable (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (NativeMethods.fsync(descriptor) != 0)
            {
                throw new IOException($"fsync of the object folder failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = NativeMethods.close(descriptor);
        }
    }

    private sealed class StagedFile(string path, long length, string sha256) : IStagedObject
    {
        public string Path { get; } = path;

        public long Length { get; } = length;

        public string Sha256 { get; } = sha256;

        public bool Committed { get; set; }

        public Stream OpenRead() =>
            OpenUnbuffered(Path);

        public ValueTask DisposeAsync()
        {
            if (!Committed)
            {
                File.Delete(Path);
            }

            return ValueTask.CompletedTask;
        }
    }
}

internal static partial class NativeMethods
{
    public const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int descriptor);
}
