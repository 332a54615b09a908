namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// The keyring for patient data at rest (<c>Security:Phi</c>). Encryption keys are 256-bit, base64, by id; new values
/// are written with <see cref="ActiveKeyId"/> and old ids stay readable until <c>clinimg keys rotate</c> has
/// re-encrypted every row. The blind index key is separate and must not change without a re-index.
/// </summary>
public sealed class PhiProtectionOptions
{
    public const string Section = "Security:Phi";

    /// <summary>Key ids with this prefix are development keys, committed to the repository: refused outside Development.</summary>
    public const string DevelopmentKeyIdPrefix = "dev-";

    public string ActiveKeyId { get; set; } = string.Empty;

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public string BlindIndexKey { get; set; } = string.Empty;
}
