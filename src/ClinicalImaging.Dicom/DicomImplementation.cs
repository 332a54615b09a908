using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalImaging.Dicom;

/// <summary>
/// Who wrote a file: the Implementation Class UID and Version Name put in every file meta we generate.
/// The UID is a PLACEHOLDER under the UUID-derived root 2.25 (PS3.5 B.2): the decimal form of a name-based UUID
/// made from SHA-256 of "ClinicalImaging.Dicom". Replace it with a UID under the deploying organisation's own root.
/// </summary>
public static class DicomImplementation
{
    /// <summary>2.25.&lt;name-based UUID of "ClinicalImaging.Dicom"&gt;; see <see cref="DeriveUid"/>.</summary>
    public const string ClassUid = "2.25.231460586297204503428725049537976401620";

    /// <summary>At most 16 characters (SH).</summary>
    public const string VersionName = "CLINIMG_DICOM_1";

    /// <summary>A 2.25 UID from a name: SHA-256 of the UTF-8 name, first 16 bytes, with RFC 9562 UUID version 8 (custom) and variant bits set.</summary>
    public static string DeriveUid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "2.25." + new BigInteger(hash, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A new random UID under 2.25 (PS3.5 B.2), for new SOP instances, series and studies.</summary>
    public static string NewUid() =>
        "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
