using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalImaging.Application.Research;

/// <summary>
/// Pseudonymous UIDs that the archive can trace back without a lookup table (decision 0506). The pseudonym of a UID is
/// a keyed permutation (a 4-round Feistel network, HMAC-SHA256 rounds) of the first 122 bits of the UID's SHA-256,
/// written as an RFC 9562 version 8 UUID under <c>2.25.</c> (PS3.5 B.2). The same key gives the same pseudonym
/// everywhere (search results, metadata, the de-identified objects and the references inside them); without the key it
/// reveals nothing of the UID. With the key, inverting it gives the digest prefix, which an index of the archive's UIDs'
/// digests finds; the candidate is then confirmed by computing its pseudonym.
/// </summary>
public sealed class ResearchPseudonyms
{
    private const string Root = "2.25.";
    private const int HalfBits = 61;
    private const ulong HalfMask = (1UL << HalfBits) - 1;
    private const int Rounds = 4;
    private const int DigestPrefixBytes = 16;
    private const int UnusedDigestBits = 6;

    private readonly byte[] _key;

    public ResearchPseudonyms(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key.Length >= 32 ? key : throw new ArgumentException("the pseudonym key must hold at least 256 bits", nameof(key));
    }

    public string Uid(string originalUid)
    {
        ArgumentNullException.ThrowIfNull(originalUid);
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(originalUid));
        var bits = BinaryPrimitives.ReadUInt128BigEndian(digest) >> UnusedDigestBits;
        var left = (ulong)(bits >> HalfBits) & HalfMask;
        var right = (ulong)bits & HalfMask;
        for (var round = 0; round < Rounds; round++)
        {
            (left, right) = (right, left ^ RoundFunction(round, right));
        }

        return Root + ToUuid(((UInt128)left << HalfBits) | right).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The range of 16-byte SHA-256 prefixes the original of <paramref name="pseudonym"/> has (its first 122 bits are
    /// fixed, the last 6 are not part of the pseudonym); null when the text cannot be a pseudonym of this form.
    /// </summary>
    public DigestPrefixRange? DigestPrefixOf(string pseudonym)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        if (!pseudonym.StartsWith(Root, StringComparison.Ordinal)
            || pseudonym.Length == Root.Length
            || (pseudonym.Length > Root.Length + 1 && pseudonym[Root.Length] == '0')
            || !UInt128.TryParse(pseudonym.AsSpan(Root.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var uuid)
            || FromUuid(uuid) is not { } permuted)
        {
            return null;
        }

        var left = (ulong)(permuted >> HalfBits) & HalfMask;
        var right = (ulong)permuted & HalfMask;
        for (var round = Rounds - 1; round >= 0; round--)
        {
            (left, right) = (right ^ RoundFunction(round, left), left);
        }

        var low = (((UInt128)left << HalfBits) | right) << UnusedDigestBits;
        var from = new byte[DigestPrefixBytes];
        var to = new byte[DigestPrefixBytes];
        BinaryPrimitives.WriteUInt128BigEndian(from, low);
        BinaryPrimitives.WriteUInt128BigEndian(to, low | ((UInt128)1 << UnusedDigestBits) - 1);
        return new DigestPrefixRange(from, to);
    }

    private ulong RoundFunction(int round, ulong half)
    {
        Span<byte> input = stackalloc byte[9];
        input[0] = (byte)round;
        BinaryPrimitives.WriteUInt64BigEndian(input[1..], half);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        return BinaryPrimitives.ReadUInt64BigEndian(mac) & HalfMask;
    }

    /// <summary>122 bits into a version 8, variant 10 UUID: 48 bits, version, 12 bits, variant, 62 bits.</summary>
    private static UInt128 ToUuid(UInt128 value) =>
        ((value >> 74) << 80) | ((UInt128)0x8 << 76) | (((value >> 62) & 0xFFF) << 64) | ((UInt128)0b10 << 62) | (value & (((UInt128)1 << 62) - 1));

    private static UInt128? FromUuid(UInt128 uuid) =>
        ((uuid >> 76) & 0xF) != 0x8 || ((uuid >> 62) & 0b11) != 0b10
            ? null
            : ((uuid >> 80) << 74) | (((uuid >> 64) & 0xFFF) << 62) | (uuid & (((UInt128)1 << 62) - 1));
}

/// <summary>The inclusive range of 16-byte SHA-256 prefixes an original UID may have.</summary>
public sealed record DigestPrefixRange(byte[] From, byte[] To);
