using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Common.Ports;
using ClinicalImaging.Domain.Studies;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace ClinicalImaging.Infrastructure.Storage;

/// <summary>
/// Objects as files under <c>{root}/objects/ab/abcdef….dcm</c>, named by the SHA-256 of their content.
/// Staging writes to <c>{root}/staging</c> with fsync; commit is an atomic rename followed by an fsync of the
/// directory, so a committed object survives power loss and a crash never exposes a half-written object.
/// With <see cref="FileSystemBlobStoreOptions.DirectWrites"/>, staging writes bypass the page cache (O_DIRECT, decision
/// 0815) where the filesystem allows it. The first bytes stay in memory, so parsing the header reads no file.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    /// <summary>The staged object's first bytes kept in memory for the header parse that follows staging.</summary>
    private const int HeadBytes = 64 * 1024;
    private const string ObjectsFolder = "objects";
    private const string StagingFolder = "staging";
    private const string Extension = ".dcm";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly string _objectsRoot;
    private readonly string _stagingRoot;

    /// <summary>Cleared when the filesystem refuses O_DIRECT (tmpfs, some network filesystems): staging then writes through the page cache.</summary>
    private volatile bool _directWrites;

    public FileSystemBlobStore(IOptions<FileSystemBlobStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directWrites = options.Value.DirectWrites && DirectIo.Flag != 0;
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
        var buffer = AlignedBuffer.Rent();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            byte[] head = [];
            // Whole buffers straight to the file: no FileStream buffer (a 128 KiB array per object on the large object heap).
            using (var file = OpenStagingFile(path, out var direct))
            {
                int filled;
                while ((filled = await FillAsync(content, buffer.Memory, cancellationToken)) > 0)
                {
                    if (length + filled > maxBytes)
                    {
                        throw new PayloadTooLargeException(maxBytes);
                    }

                    var chunk = buffer.Memory.Span[..filled];
                    hash.AppendData(chunk);
                    if (length == 0)
                    {
                        head = chunk[..Math.Min(HeadBytes, filled)].ToArray();
                    }

                    // Only the last chunk can be short; O_DIRECT writes it padded to a whole block, cut back below.
                    var written = direct ? (filled + AlignedBuffer.Alignment - 1) / AlignedBuffer.Alignment * AlignedBuffer.Alignment : filled;
                    buffer.Memory.Span[filled..written].Clear();
                    RandomAccess.Write(file, buffer.Memory.Span[..written], length);
                    length += filled;
                }

                if (direct && length % AlignedBuffer.Alignment != 0)
                {
                    RandomAccess.SetLength(file, length);
                }

                RandomAccess.FlushToDisk(file);
            }

            return new StagedFile(path, length, Convert.ToHexStringLower(hash.GetHashAndReset()), head);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            buffer.Return();
        }
    }

    /// <summary>Creates the staging file, with O_DIRECT unless this filesystem has refused it.</summary>
    private SafeFileHandle OpenStagingFile(string path, out bool direct)
    {
        if (_directWrites)
        {
            var descriptor = NativeMethods.open(path, DirectIo.CreateNewForWriting | DirectIo.Flag, DirectIo.NewFileMode);
            if (descriptor >= 0)
            {
                direct = true;
                return new SafeFileHandle(descriptor, ownsHandle: true);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != DirectIo.InvalidArgument)
            {
                throw new IOException($"Cannot create a staging file (errno {errno})");
            }

            _directWrites = false;
        }

        direct = false;
        return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
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
    internal static FileStream OpenUnbuffered(string path) =>
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

    private sealed class StagedFile(string path, long length, string sha256, byte[] head) : IStagedObject
    {
        public string Path { get; } = path;

        public long Length { get; } = length;

        public string Sha256 { get; } = sha256;

        public bool Committed { get; set; }

        public Stream OpenRead() =>
            head.Length == Length ? new MemoryStream(head, writable: false) : new HeadThenFileStream(head, Path, Length);

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

/// <summary>
/// A staged object's bytes: the first ones from memory, the rest from its file, opened only if a reader gets that far
/// (a header parse stops before Pixel Data). Read-only and seekable.
/// </summary>
internal sealed class HeadThenFileStream(byte[] head, string path, long length) : Stream
{
    private FileStream? _file;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        if (_position < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - (int)_position);
            head.AsSpan((int)_position, read).CopyTo(buffer);
        }
        else
        {
            var file = File();
            file.Position = _position;
            read = file.Read(buffer);
        }

        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < head.Length || _position >= length)
        {
            return Read(buffer.Span);
        }

        var file = File();
        file.Position = _position;
        var read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
        }

        base.Dispose(disposing);
    }

    private FileStream File() => _file ??= FileSystemBlobStore.OpenUnbuffered(path);
}

/// <summary>128 KiB staging buffers, pinned and aligned for O_DIRECT, reused across uploads.</summary>
internal sealed class AlignedBuffer
{
    /// <summary>O_DIRECT wants buffers, offsets and lengths aligned to the device's logical block (4 KiB covers them all).</summary>
    public const int Alignment = 4096;
    private const int Size = 128 * 1024;
    private const int Kept = 64;
    private static readonly ConcurrentQueue<AlignedBuffer> Free = new();
    private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(Size + Alignment, pinned: true);
    private readonly int _offset;

    private unsafe AlignedBuffer()
    {
        fixed (byte* start = _array)
        {
            _offset = (int)((Alignment - ((nuint)start % Alignment)) % Alignment);
        }
    }

    public Memory<byte> Memory => _array.AsMemory(_offset, Size);

    public static AlignedBuffer Rent() => Free.TryDequeue(out var buffer) ? buffer : new AlignedBuffer();

    public void Return()
    {
        if (Free.Count < Kept)
        {
            Free.Enqueue(this);
        }
    }
}

/// <summary>open(2) flags for staging files written around the page cache (Linux only; 0 elsewhere).</summary>
internal static class DirectIo
{
    /// <summary>O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC.</summary>
    public const int CreateNewForWriting = 0x1 | 0x40 | 0x80 | 0x80000;

    /// <summary>0666 before the umask, as .NET creates files.</summary>
    public const uint NewFileMode = 0x1B6;

    /// <summary>EINVAL: the filesystem does not support O_DIRECT.</summary>
    public const int InvalidArgument = 22;

    /// <summary>O_DIRECT, whose value differs between architectures.</summary>
    public static int Flag { get; } = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x4000,
        Architecture.Arm64 or Architecture.Arm => 0x10000,
        _ => 0,
    };
}

internal static partial class NativeMethods
{
    public const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int descriptor);
}
