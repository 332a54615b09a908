using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>
/// Replacement values that are the same for the same input and key, in any process and any run: HMAC-SHA256 of the
/// original under the secret key, with a purpose label so a UID, a patient ID and a date offset never share a MAC.
/// Without the key the originals cannot be recovered or confirmed by guessing (unlike a plain hash).
/// </summary>
internal sealed class KeyedPseudonyms(byte[] uidKey, byte[]? dateShiftKey, int maximumDateShiftDays)
{
    /// <summary>2.25.&lt;decimal of 128 bits&gt; (PS3.5 B.2): the first 16 bytes of the MAC as an RFC 9562 version 8 UUID.</summary>
    public string Uid(string originalUid)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(uidKey, "uid", originalUid, mac);
        var uuid = mac[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(uuid, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>"ANON-" and 16 hex digits: a stable pseudonym for a patient (fits LO and PN).</summary>
    public string Patient(string subject)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(uidKey, "patient", subject, mac);
        return "ANON-" + Convert.ToHexString(mac[..8]);
    }

    /// <summary>Whole days to add to every date of this subject: from -<c>maximumDateShiftDays</c> to -1, never zero.</summary>
    public int DateShiftDays(string subject)
    {
        var key = dateShiftKey ?? throw new InvalidOperationException("No date-shift key was given.");
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(key, "date-shift", subject, mac);
        return -1 - (int)(BitConverter.ToUInt64(mac[..8]) % (ulong)maximumDateShiftDays);
    }

    private static void Mac(byte[] key, string purpose, string value, Span<byte> destination)
    {
        var message = Encoding.UTF8.GetBytes(purpose + "\0" + value);
        HMACSHA256.HashData(key, message, destination);
    }
}
