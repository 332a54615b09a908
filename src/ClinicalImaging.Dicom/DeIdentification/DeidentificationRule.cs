namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>One row of PS3.15 Table E.1-1: which attributes it covers, the Basic Profile action and each option's override.</summary>
/// <param name="Tag">The tag, or for a pattern row its first instance (x digits as 0); meaningless for the private row.</param>
/// <param name="Mask">Bits of a tag that must equal <paramref name="Tag"/>: 0xFFFFFFFF for a single tag, fewer for (50xx,xxxx)-style rows.</param>
/// <param name="IsPrivateAttributes">The "(gggg,eeee) where gggg is odd" row.</param>
/// <param name="OptionActions">Per option, in <see cref="DeidentificationOptions"/> bit order; null where the option leaves the Basic Profile action.</param>
public sealed record DeidentificationRule(
    DicomTag Tag,
    uint Mask,
    bool IsPrivateAttributes,
    string Keyword,
    DeidentificationAction BasicProfileAction,
    IReadOnlyList<DeidentificationAction?> OptionActions)
{
    public bool IsPattern => IsPrivateAttributes || Mask != uint.MaxValue;

    public bool Matches(DicomTag tag) => IsPrivateAttributes ? (tag.Group & 1) == 1 : (tag.Value & Mask) == Tag.Value;

    /// <summary>The action one option prescribes for this row; null when it does not change the Basic Profile action.</summary>
    public DeidentificationAction? OptionAction(DeidentificationOptions option)
    {
        var index = System.Numerics.BitOperations.Log2((uint)option);
        return option != DeidentificationOptions.None && ((uint)option & ((uint)option - 1)) == 0 && index < OptionActions.Count
            ? OptionActions[index]
            : throw new ArgumentOutOfRangeException(nameof(option), option, "Give exactly one option.");
    }

    /// <summary>
    /// The action under a set of options. Options only ever say K or C; when two options in use disagree on a row
    /// (Retain Device Identity keeps Date of Last Calibration, Modified Dates cleans it), C wins: it retains the
    /// attribute like K but still protects it.
    /// </summary>
    public DeidentificationAction ActionFor(DeidentificationOptions options) => Choose(BasicProfileAction, OptionActions, options);

    /// <summary>The action of a table row under a set of options (C beats K); shared by Tables E.1-1 and E.3.4-1.</summary>
    internal static DeidentificationAction Choose(DeidentificationAction basicProfileAction, IReadOnlyList<DeidentificationAction?> optionActions, DeidentificationOptions options)
    {
        DeidentificationAction? chosen = null;
        for (var index = 0; index < optionActions.Count; index++)
        {
            if (((int)options & (1 << index)) != 0 && optionActions[index] is { } action && chosen != DeidentificationAction.Clean)
            {
                chosen = action;
            }
        }

        return chosen ?? basicProfileAction;
    }
}

/// <summary>
/// One row of PS3.15 Table E.3.4-1 (Clean Structured Content): what happens to an SR content item, or an Acquisition
/// Context or Specimen Preparation item, whose Concept Name is this code.
/// </summary>
/// <param name="ValueType">The value type the table gives (TEXT, PNAME, DATE, DATETIME, UIDREF, COMPOSITE…).</param>
/// <param name="OptionActions">Per option, in <see cref="DeidentificationOptions"/> bit order; null where the option leaves the Basic Profile action.</param>
public sealed record DeidentificationContentItemRule(
    string CodeValue,
    string CodingSchemeDesignator,
    string ValueType,
    DeidentificationAction BasicProfileAction,
    IReadOnlyList<DeidentificationAction?> OptionActions)
{
    /// <summary>The action under a set of options, as for Table E.1-1 (C beats K).</summary>
    public DeidentificationAction ActionFor(DeidentificationOptions options) =>
        DeidentificationRule.Choose(BasicProfileAction, OptionActions, options);
}
