namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>The query level of a QIDO-RS search (PS3.18 §10.6): what one result describes.</summary>
public enum QidoLevel
{
    Study,
    Series,
    Instance,
}

/// <summary>What the search URL addresses: its level, and the study and series it is confined to (if any).</summary>
public sealed record QidoScope(QidoLevel Level, string? StudyInstanceUid = null, string? SeriesInstanceUid = null)
{
    /// <summary>The UIDs in the URL, for the audit trail.</summary>
    public IReadOnlyList<string> ResourceIds() => new[] { StudyInstanceUid, SeriesInstanceUid }.OfType<string>().ToList();
}
