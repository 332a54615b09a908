namespace ClinicalImaging.Dicom;

/// <summary>One component group of a person name: family^given^middle^prefix^suffix.</summary>
public sealed record DicomPersonNameGroup(string FamilyName, string GivenName, string MiddleName, string Prefix, string Suffix)
{
    public static DicomPersonNameGroup Parse(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var parts = group.Split('^');
        string Part(int i) => i < parts.Length ? parts[i].Trim() : string.Empty;
        return new DicomPersonNameGroup(Part(0), Part(1), Part(2), Part(3), Part(4));
    }

    public bool IsEmpty => FamilyName.Length + GivenName.Length + MiddleName.Length + Prefix.Length + Suffix.Length == 0;

    /// <summary>The encoded form with trailing empty components dropped, e.g. "Yamada^Tarou".</summary>
    public override string ToString() => string.Join('^', new[] { FamilyName, GivenName, MiddleName, Prefix, Suffix }).TrimEnd('^');
}

/// <summary>A PN value: up to three component groups (alphabetic, ideographic, phonetic) separated by '='.</summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    /// <summary>Splits a decoded PN value (one value, no backslash) into its groups.</summary>
    public static DicomPersonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.TrimEnd(' ', '\0').Split('=');
        string Group(int i) => i < groups.Length ? groups[i] : string.Empty;
        return new DicomPersonName(Group(0), Group(1), Group(2));
    }

    public DicomPersonNameGroup AlphabeticComponents => DicomPersonNameGroup.Parse(Alphabetic);

    public DicomPersonNameGroup IdeographicComponents => DicomPersonNameGroup.Parse(Ideographic);

    public DicomPersonNameGroup PhoneticComponents => DicomPersonNameGroup.Parse(Phonetic);

    public string FamilyName => AlphabeticComponents.FamilyName;

    public string GivenName => AlphabeticComponents.GivenName;

    /// <summary>The encoded form with trailing empty groups dropped.</summary>
    public override string ToString() => $"{Alphabetic}={Ideographic}={Phonetic}".TrimEnd('=');
}
