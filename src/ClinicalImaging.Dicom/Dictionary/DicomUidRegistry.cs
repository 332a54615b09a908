using System.Collections.Frozen;

namespace ClinicalImaging.Dicom.Dictionary;

/// <summary>A registered UID (PS3.6 Annex A).</summary>
/// <param name="Type">As PS3.6 spells it: "SOP Class", "Transfer Syntax", "Well-known frame of reference"…</param>
public sealed record DicomUidInfo(string Uid, string Name, string Keyword, string Type, bool IsRetired)
{
    public bool IsSopClass => Type == "SOP Class";

    public bool IsTransferSyntax => Type == "Transfer Syntax";
}

/// <summary>A storage SOP class this project knows to file, with its modality group (CT, MR, SR, SEG…).</summary>
public sealed record DicomStorageSopClass(DicomUidInfo Uid, string Group, bool IsRequested, string InformationObjectDefinition);

/// <summary>The UID registry and the storage SOP classes, built once from the generated tables.</summary>
public static class DicomUidRegistry
{
    private static readonly Lazy<FrozenDictionary<string, DicomUidInfo>> ByUid = new(BuildUids);
    private static readonly Lazy<IReadOnlyList<DicomStorageSopClass>> Storage = new(BuildStorage);

    public static IEnumerable<DicomUidInfo> All => ByUid.Value.Values;

    public static IReadOnlyList<DicomStorageSopClass> StorageSopClasses => Storage.Value;

    /// <summary>Finds a registered UID (trailing NUL or space padding ignored); null for UIDs outside the registry.</summary>
    public static DicomUidInfo? Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        return ByUid.Value.GetValueOrDefault(uid.TrimEnd('\0', ' '));
    }

    public static DicomStorageSopClass? LookupStorageSopClass(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var trimmed = uid.TrimEnd('\0', ' ');
        return Storage.Value.FirstOrDefault(s => s.Uid.Uid == trimmed);
    }

    private static FrozenDictionary<string, DicomUidInfo> BuildUids()
    {
        var uids = new Dictionary<string, DicomUidInfo>(StringComparer.Ordinal);
        foreach (var line in DicomUidData.Uids.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty)
            {
                var f = line.ToString().Split('|');
                uids[f[0]] = new DicomUidInfo(f[0], f[4], f[3], f[1], f[2] == "Y");
            }
        }

        return uids.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static List<DicomStorageSopClass> BuildStorage()
    {
        var classes = new List<DicomStorageSopClass>();
        foreach (var line in DicomUidData.StorageSopClasses.AsSpan().EnumerateLines())
        {
            if (!line.IsEmpty)
            {
                var f = line.ToString().Split('|');
                var info = Lookup(f[0]) ?? throw new InvalidOperationException($"Storage SOP class {f[0]} is missing from the UID registry.");
                classes.Add(new DicomStorageSopClass(info, f[1], f[2] == "Y", f[3]));
            }
        }

        return classes;
    }
}
