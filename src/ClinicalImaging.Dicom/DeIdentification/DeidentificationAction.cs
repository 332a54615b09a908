namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>The action codes of PS3.15 Table E.1-1a, as Table E.1-1 assigns them to attributes.</summary>
public enum DeidentificationAction
{
    /// <summary>K: keep (a kept sequence still has the profile applied to its items).</summary>
    Keep,

    /// <summary>X: remove (a sequence goes with all its items).</summary>
    Remove,

    /// <summary>Z: zero length, or a dummy value.</summary>
    Zero,

    /// <summary>D: a non-zero length dummy value consistent with the VR.</summary>
    Dummy,

    /// <summary>C: clean, replacing the value with one of similar meaning that does not identify.</summary>
    Clean,

    /// <summary>U: replace the UID with one that is consistent within the set of instances.</summary>
    ReplaceUid,

    /// <summary>Z/D: Z unless D is needed for IOD conformance (Type 2 versus Type 1).</summary>
    ZeroOrDummy,

    /// <summary>X/Z: X unless Z is needed for IOD conformance (Type 3 versus Type 2).</summary>
    RemoveOrZero,

    /// <summary>X/D: X unless D is needed for IOD conformance (Type 3 versus Type 1).</summary>
    RemoveOrDummy,

    /// <summary>X/Z/D: X unless Z or D is needed for IOD conformance (Type 3 versus 2 versus 1).</summary>
    RemoveOrZeroOrDummy,

    /// <summary>X/Z/U*: X unless Z, or replacing the instance UIDs the sequence holds, is needed for IOD conformance.</summary>
    RemoveOrZeroOrReplaceUids,
}
