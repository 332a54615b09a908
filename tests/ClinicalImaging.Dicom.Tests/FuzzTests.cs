using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>
/// Random damage to real files: 500 truncated, byte-flipped, bit-flipped or length-corrupted copies of each of 12
/// files (6,000 cases). Each case is seeded from its file and number alone, so a failure names a case that
/// reproduces on its own, whatever order the parallel run took. The reader (and JSON output of what it read) either
/// succeeds or throws DicomParseException; anything else, or a case that does not finish, fails the test.
/// </summary>
public class FuzzTests
{
    private const int MutationsPerFile = 500;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);
    private static readonly DicomReadOptions[] Modes = [DicomReadOptions.Default, DicomReadOptions.Lazy, DicomReadOptions.HeaderOnly];

    public static TheoryData<string> Seeds => new()
    {
        "test_files/CT_small.dcm",
        "test_files/MR_small_bigendian.dcm",
        "test_files/MR_small_implicit.dcm",
        "test_files/image_dfl.dcm",
        "test_files/JPEG2000.dcm",
        "test_files/nested_priv_SQ.dcm",
        "test_files/UN_sequence.dcm",
        "test_files/rtplan.dcm",
        "test_files/test-SR.dcm",
        "test_files/SC_rgb_rle_2frame.dcm",
        "test_files/dicomdirtests/DICOMDIR-implicit",
        "charset_files/chrSQEncoding.dcm",
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Damaged_files_either_read_or_raise_DicomParseException(string file)
    {
        var original = File.ReadAllBytes(Corpus.PathOf(file));
        var lengthFields = FindLengthFields(original);
        var failures = new ConcurrentBag<string>();

        // One worker per CPU takes case numbers in turn; this thread watches each worker's current case, so a
        // case that never ends fails the test by its number instead of stalling the run.
        var next = -1;
        var workers = Math.Max(2, Environment.ProcessorCount);
        var caseOfWorker = new int[workers];
        var startOfWorker = new long[workers];
        var runs = Enumerable.Range(0, workers).Select(worker => Task.Factory.StartNew(
            () =>
            {
                int number;
                while ((number = Interlocked.Increment(ref next)) < MutationsPerFile)
                {
                    Volatile.Write(ref caseOfWorker[worker], number);
                    Volatile.Write(ref startOfWorker[worker], Stopwatch.GetTimestamp());
                    var random = new Random(CaseSeed(file, number));
                    var (damaged, how) = Damage(original, lengthFields, random);
                    if (ReadAndTouch(damaged, Modes[number % Modes.Length]) is { } unexpected)
                    {
                        failures.Add($"case {number} ({how}): {unexpected.GetType().Name}: {unexpected.Message}");
                    }

                    Volatile.Write(ref startOfWorker[worker], 0);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        var all = Task.WhenAll(runs);
        while (await Task.WhenAny(all, Task.Delay(200)) != all)
        {
            for (var worker = 0; worker < workers; worker++)
            {
                var start = Volatile.Read(ref startOfWorker[worker]);
                if (start != 0 && Stopwatch.GetElapsedTime(start) > CaseTimeout)
                {
                    Assert.Fail($"Damaged copy case {Volatile.Read(ref caseOfWorker[worker])} of {file} did not finish in {CaseTimeout.TotalSeconds} s: a hang.");
                }
            }
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {MutationsPerFile} damaged copies of {file} failed:\n{string.Join('\n', failures.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Null when the case ended well (read, or DicomParseException); otherwise the exception.</summary>
    private static Exception? ReadAndTouch(byte[] damaged, DicomReadOptions options)
    {
        try
        {
            using var file = DicomReader.ReadFile(new MemoryStream(damaged, writable: false), options);

            // Lazy values and string decoding must not throw on damaged bytes either.
            _ = DicomJsonSerializer.Serialize(file.Dataset);
            return null;
        }
        catch (DicomParseException)
        {
            return null; // the one allowed failure
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private static (byte[] Bytes, string How) Damage(byte[] original, int[] lengthFields, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return (bytes, "random bytes replaced");
            case 1:
                var keep = random.Next(bytes.Length);
                return (bytes[..keep], $"truncated to {keep} bytes");
            case 2:
                var at = random.Next(132, Math.Max(133, bytes.Length - 4));
                random.NextBytes(bytes.AsSpan(at, Math.Min(4, bytes.Length - at)));
                return (bytes, $"4 random bytes at {at}");
            case 3: // the header region, where lengths and VRs live
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 2048))] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, "bits flipped in the first 2 KiB");
            default:
                if (lengthFields.Length == 0)
                {
                    goto case 2;
                }

                // A real element's length field: undefined, huge, odd, one past the end, or off by a little.
                var field = lengthFields[random.Next(lengthFields.Length)];
                var current = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(field));
                uint[] forged = [0xFFFFFFFF, 0x7FFFFFFF, (uint)(bytes.Length - field), current + 1, current - 1, current ^ (1u << random.Next(32)), 0];
                var length = forged[random.Next(forged.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field), length);
                return (bytes, $"length field at {field} set to {length:X8}");
        }
    }

    /// <summary>
    /// Offsets of 32-bit little-endian length fields of element headers: explicit VR long form (OB, SQ, UN… with
    /// two reserved zero bytes) and implicit VR headers of common public groups. A heuristic scan, enough to aim at lengths.
    /// </summary>
    private static int[] FindLengthFields(byte[] bytes)
    {
        var fields = new List<int>();
        for (var p = 0; p + 12 <= bytes.Length; p += 2)
        {
            var explicitLong = DicomVR.TryParse(bytes[p + 4], bytes[p + 5], out var vr) && vr.ExplicitLengthFieldSize == 4 && bytes[p + 6] == 0 && bytes[p + 7] == 0;
            if (explicitLong)
            {
                fields.Add(p + 8);
            }
            else if (bytes[p + 1] == 0 && bytes[p] is 0x08 or 0x10 or 0x18 or 0x20 or 0x28 or 0x40 && bytes[p + 3] < 0x20 && !DicomVR.TryParse(bytes[p + 4], bytes[p + 5], out _))
            {
                fields.Add(p + 4);
            }
        }

        return [.. fields];
    }

    /// <summary>A seed from the file name and case number alone (string.GetHashCode differs between runs).</summary>
    private static int CaseSeed(string file, int number)
    {
        var hash = 20261207;
        foreach (var c in file)
        {
            hash = unchecked((hash * 31) + c);
        }

        return unchecked((hash * 31) + number);
    }
}
