using ClinicalImaging.Dicom.IO;
using ClinicalImaging.Dicom.Json;
using ClinicalImaging.Dicom.Tests.Support;

namespace ClinicalImaging.Dicom.Tests;

/// <summary>Random damage to real files (fixed seed, bounded count): the reader returns or throws DicomParseException, nothing else.</summary>
public class FuzzTests
{
    private const int MutationsPerFile = 150;

    public static TheoryData<string> Seeds => new()
    {
        "test_files/CT_small.dcm",
        "test_files/MR_small_bigendian.dcm",
        "test_files/image_dfl.dcm",
        "test_files/JPEG2000.dcm",
        "test_files/nested_priv_SQ.dcm",
        "test_files/UN_sequence.dcm",
        "test_files/rtplan.dcm",
        "test_files/dicomdirtests/DICOMDIR-implicit",
        "charset_files/chrSQEncoding.dcm",
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Damaged_files_either_read_or_raise_DicomParseException(string file)
    {
        var original = File.ReadAllBytes(Corpus.PathOf(file));
        var random = new Random(20261122 ^ file.Length);
        var modes = new[] { DicomReadOptions.Default, DicomReadOptions.Lazy, DicomReadOptions.HeaderOnly };
        for (var i = 0; i < MutationsPerFile; i++)
        {
            var damaged = Damage(original, random);
            var options = modes[i % modes.Length];
            try
            {
                using var file1 = Corpus.ReadGuarded(new MemoryStream(damaged), options);
                Touch(file1.Dataset); // lazy values and string decoding must not throw on damaged bytes either
            }
            catch (DicomParseException)
            {
                // the one allowed failure
            }
        }
    }

    private static void Touch(DicomDataset dataset)
    {
        _ = DicomJsonSerializer.Serialize(dataset);
    }

    private static byte[] Damage(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: // flip a few bytes anywhere
                for (var k = random.Next(1, 8); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 2: // forge a length: four 0xFF or random bytes right after the preamble region
                var at = random.Next(132, Math.Max(133, bytes.Length - 4));
                random.NextBytes(bytes.AsSpan(at, Math.Min(4, bytes.Length - at)));
                return bytes;
            default: // flip bytes in the header region, where lengths and VRs live
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 2048))] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
        }
    }
}
