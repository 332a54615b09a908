using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ClinicalImaging.Application.Research;
using ClinicalImaging.Domain.Studies;
using Xunit;

namespace ClinicalImaging.UnitTests.Security;

public sealed class ResearchPseudonymsTests
{
    private static readonly ResearchPseudonyms Pseudonyms = new(RandomNumberGenerator.GetBytes(32));

    public static TheoryData<string> Uids => new()
    {
        "1.2.840.113619.2.55.3.604688119.969.1268071029.320",
        "2.25.329800735698586629295641978511506172918",
        "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322",
        "1",
    };

    [Theory]
    [MemberData(nameof(Uids))]
    public void A_pseudonym_is_a_version_8_UUID_UID_that_leads_back_to_the_prefix_of_the_originals_digest(string uid)
    {
        var pseudonym = Pseudonyms.Uid(uid);

        Assert.True(DicomUid.TryParse(pseudonym, out _, out var problem), problem);
        Assert.True(pseudonym.Length <= 44);
        var uuid = new Guid(BigInteger.Parse(pseudonym["2.25.".Length..], CultureInfo.InvariantCulture).ToByteArray(isUnsigned: true, isBigEndian: true).PadLeft(16), bigEndian: true);
        Assert.Equal(8, uuid.Version);
        Assert.Equal(0b10, uuid.Variant >> 2);
        var digestPrefix = SHA256.HashData(Encoding.ASCII.GetBytes(uid))[..16];
        var range = Assert.IsType<DigestPrefixRange>(Pseudonyms.DigestPrefixOf(pseudonym));
        Assert.True(range.From.AsSpan().SequenceCompareTo(digestPrefix) <= 0 && range.To.AsSpan().SequenceCompareTo(digestPrefix) >= 0);
        Assert.Equal(range.From[..15], range.To[..15]);
    }

    [Fact]
    public void The_same_key_gives_the_same_pseudonym_and_another_key_another()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        const string uid = "1.2.3.4.5";

        Assert.Equal(new ResearchPseudonyms(key).Uid(uid), new ResearchPseudonyms([.. key]).Uid(uid));
        Assert.NotEqual(new ResearchPseudonyms(key).Uid(uid), Pseudonyms.Uid(uid));
        Assert.NotEqual(Pseudonyms.Uid("1.2.3.4.6"), Pseudonyms.Uid(uid));
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("2.25.")]
    [InlineData("2.25.01")]
    [InlineData("2.25.329800735698586629295641978511506172918")] // a version 1 UUID UID: not one of ours
    [InlineData("2.25.999999999999999999999999999999999999999999")]
    public void Text_that_cannot_be_a_pseudonym_leads_nowhere(string text)
    {
        Assert.Null(Pseudonyms.DigestPrefixOf(text));
    }

    [Fact]
    public void A_key_shorter_than_256_bits_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ResearchPseudonyms(new byte[31]));
    }
}

internal static class ByteArrayPadding
{
    public static byte[] PadLeft(this byte[] bytes, int length) => [.. new byte[length - bytes.Length], .. bytes];
}
