using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace ClinicalImaging.Api.Ingest;

/// <summary>
/// Gives Kestrel 64 KiB connection buffers instead of its 4 KiB blocks (decision 0817). A 512 kB CT slice then arrives
/// in a handful of socket reads and pipe segments instead of some 130 of each, every one a system call, a rented
/// block and a step of the multipart reader's copy.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}

/// <summary>
/// Pinned 64 KiB blocks (sockets read into them), reused; at most <see cref="KeptBlocks"/> idle ones are kept, the
/// rest are left to the garbage collector. A request body's pipe pauses at Kestrel's 1 MB read-ahead limit whatever
/// the block size, so a connection holds no more memory than before.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    private const int KeptBlocks = 256;
    private readonly ConcurrentQueue<Block> _free = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return _free.TryDequeue(out var block) ? block : new Block(this);
    }

    protected override void Dispose(bool disposing) => _free.Clear();

    private void Return(Block block)
    {
        if (_free.Count < KeptBlocks)
        {
            _free.Enqueue(block);
        }
    }

    private sealed class Block(LargeBlockMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }
}
