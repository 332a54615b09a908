namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>
/// A QIDO-RS search, parsed and checked: what to match, what to return and which page. <see cref="Warnings"/> are
/// the PS3.18 Warning header texts (e.g. a limit lowered to the server's maximum).
/// </summary>
public sealed record QidoSearch(
    QidoScope Scope,
    IReadOnlyList<QidoCondition> Conditions,
    IReadOnlyList<QidoAttribute> ReturnAttributes,
    bool ReturnWholeHeader,
    int Limit,
    int Offset,
    IReadOnlyList<string> Warnings)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>True when a matching key is the patient's name, ID or birth date (encrypted columns).</summary>
    public bool MatchesPatientData => Conditions.Any(c => c.Attribute.Source == QidoSource.Patient);

    public bool ReturnsPatientData => ReturnAttributes.Any(a => a.Source == QidoSource.Patient);

    /// <summary>The attributes read from the stored header: the instance's own, or a representative instance's at study and series level.</summary>
    public IEnumerable<QidoAttribute> HeaderAttributes => ReturnAttributes.Where(a => a.Source == QidoSource.Header);

    /// <summary>The same search with the patient's direct identifiers left out of every result.</summary>
    public QidoSearch WithoutPatientData() =>
        this with { ReturnAttributes = ReturnAttributes.Where(a => a.Source != QidoSource.Patient).ToList() };
}
