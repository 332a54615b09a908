namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>The de-identified data set (a new one; the input is untouched) and what was done to produce it.</summary>
public sealed record DeidentificationResult(DicomDataset Dataset, DeidentificationSummary Summary);

/// <summary>What was done, as counts of attributes (nested ones included); it holds no values from the data set.</summary>
public sealed record DeidentificationSummary(DeidentificationOptions ProfileOptions, IReadOnlyDictionary<DeidentificationOutcome, int> Counts)
{
    public int this[DeidentificationOutcome outcome] => Counts.GetValueOrDefault(outcome);
}

/// <summary>What happened to one attribute.</summary>
public enum DeidentificationOutcome
{
    /// <summary>Listed in Table E.1-1 and kept (a kept sequence's items were still processed).</summary>
    Kept,
    Removed,

    /// <summary>Left present with zero length (an empty sequence for SQ).</summary>
    Emptied,

    /// <summary>Given a dummy value of its VR (a dummy sequence keeps its items, processed by the profile).</summary>
    ReplacedWithDummy,

    /// <summary>Text cleaned of identifying terms.</summary>
    Cleaned,
    DatesShifted,
    UidReplaced,
    PrivateRemoved,
    PrivateRetained,
}
