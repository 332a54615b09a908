using System.Runtime.InteropServices;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;
using Xunit;

namespace ClinicalImaging.Inference.Tests.OnnxRuntime;

[Collection(ProcessResourcesCollection.Name)]
public sealed partial class NativeMemoryTests(OnnxTestModels models)
{
    [Fact]
    public void Thousand_runs_release_every_native_output()
    {
        const int runs = 1000;
        using var session = models.Load("scale");
        var outputBytes = models.Oracle.GetProperty("scale").GetProperty("output_bytes").GetInt64();
        var input = new Dictionary<string, Tensor> { ["x"] = DenseTensor.Zeros<float>(1, outputBytes / sizeof(float)) };
        for (var i = 0; i < 50; i++)
        {
            session.Run(input);
        }

        var before = NativeHeapBytes();
        for (var i = 0; i < runs; i++)
        {
            session.Run(input);
        }

        var growth = NativeHeapBytes() - before;

        // Leaking only the outputs would grow the native heap by runs * outputBytes (about 256 MiB); allow an eighth of that
        // for allocator bookkeeping so the check stays robust yet fails on any real per-run leak of the output.
        Assert.True(growth < runs * outputBytes / 8, $"native heap grew by {growth} bytes over {runs} runs");
    }

    /// <summary>Bytes glibc's malloc has handed out (all arenas, plus mmap'ed blocks) — where ORT allocates tensors.</summary>
    private static long NativeHeapBytes()
    {
        var info = MallInfo2();
        return (long)(info.InUseBytes + info.MappedBytes);
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static partial MallInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c>: ten size_t fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo
    {
        public readonly nuint Arena;
        public readonly nuint FreeChunks;
        public readonly nuint FastBins;
        public readonly nuint MappedRegions;
        public readonly nuint MappedBytes;
        public readonly nuint MaxAllocated;
        public readonly nuint FreedFastBinBytes;
        public readonly nuint InUseBytes;
        public readonly nuint FreeBytes;
        public readonly nuint ReleasableBytes;
    }
}
