namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// The keyring for patient data at rest (<c>Security:Phi</c>). Encryption keys are 256-bit, base64, by id; new values
/// are written with <see cref="ActiveKeyId"/> and old ids stay readable until <c>clinimg keys rotate</c> has
/// re-encrypted every row. The blind index keys are separate: new rows are indexed under <see cref="BlindIndexKey"/>
/// (<see cref="BlindIndexKeyId"/>), searches also match rows still under <see cref="OtherBlindIndexKeys"/>, and
/// <c>clinimg keys rotate</c> re-indexes those rows under the active key.
/// </summary>
public sealed class PhiProtectionOptions
{
    public const string Section = "Security:Phi";

    /// <summary>Key ids with this prefix are development keys, committed to the repository: refused outside Development.</summary>
    public const string DevelopmentKeyIdPrefix = "dev-";

    public string ActiveKeyId { get; set; } = string.Empty;

    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public string BlindIndexKey { get; set; } = string.Empty;

    /// <summary>The id stored with each row indexed under <see cref="BlindIndexKey"/>; rows indexed before ids existed have "1".</summary>
    public string BlindIndexKeyId { get; set; } = "1";

    /// <summary>Blind index keys by id that rows may still be indexed under (the previous key during a rotation, or the next one before it is made active).</summary>
    public Dictionary<string, string> OtherBlindIndexKeys { get; set; } = new(StringComparer.Ordinal);
}
