namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>How <see cref="DicomDeidentifier"/> de-identifies: the Annex E options, the secret keys, and patient pseudonyms.</summary>
public sealed record DicomDeidentifierOptions
{
    /// <summary>Annex E options used in addition to the Basic Profile.</summary>
    public DeidentificationOptions ProfileOptions { get; init; }

    /// <summary>
    /// Secret key (at least 16 bytes) for replacement UIDs and the default patient pseudonyms. The same key gives
    /// the same replacements in every run, so a study de-identified in several batches stays one study. Keep it
    /// secret: anyone holding it can confirm a guessed original UID or patient ID.
    /// </summary>
    public required byte[] UidKey { get; init; }

    /// <summary>Secret key (at least 16 bytes) for the per-patient date offset; required with Modified Dates.</summary>
    public byte[]? DateShiftKey { get; init; }

    /// <summary>Dates move back by 1 to this many days (per patient, from <see cref="DateShiftKey"/>).</summary>
    public int MaximumDateShiftDays { get; init; } = 3652;

    /// <summary>
    /// Supplies the replacement Patient ID and Patient's Name from the original ones (a study registry, a trial
    /// subject list). Default: "ANON-" and 16 hex digits of a keyed hash of the original Patient ID, for both.
    /// </summary>
    public Func<PatientIdentity, ReplacementPatient>? ReplacePatient { get; init; }

    /// <summary>
    /// Supplies the replacement of each UID (U and the UI dummies), wherever it appears. It must be a function of the
    /// original alone, keyed and one-to-one, for references between objects to hold. Default: the keyed
    /// <c>2.25.</c> UID from <see cref="UidKey"/>. A service that must find the original from the replacement (a
    /// de-identified view of an archive) supplies an invertible one.
    /// </summary>
    public Func<string, string>? ReplaceUid { get; init; }
}

/// <summary>The original patient identity of the data set being de-identified (never logged or returned).</summary>
public sealed record PatientIdentity(string? PatientId, string? PatientName);

/// <summary>The values written to Patient ID (0010,0020) and Patient's Name (0010,0010).</summary>
public sealed record ReplacementPatient(string PatientId, string PatientName);
