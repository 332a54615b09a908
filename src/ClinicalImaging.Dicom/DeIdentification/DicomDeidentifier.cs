using System.Globalization;

namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>
/// De-identifies data sets per PS3.15 Annex E: the Basic Application Level Confidentiality Profile (Table E.1-1,
/// generated from the standard) with the options in <see cref="DicomDeidentifierOptions.ProfileOptions"/>, applied at
/// every nesting level. Returns a new data set; the input is not modified (unchanged values are shared, not copied,
/// so a lazily read input must stay open while the result is used). Thread-safe: one instance serves a whole batch,
/// and the same keys give the same replacement UIDs, pseudonyms and date offsets in every run.
/// Not done: pixel data is not examined (burned-in text stays), no Encrypted Attributes Sequence is made. See
/// docs/de-identification.md.
/// </summary>
public sealed class DicomDeidentifier
{
    /// <summary>Written to De-identification Method (0012,0063); the codes in (0012,0064) name each option.</summary>
    public const string MethodDescription = "DICOM PS3.15 E Basic Profile, ClinicalImaging.Dicom";

    private const int MinimumKeyBytes = 16;
    private const string DummyText = "ANONYMIZED";

    private static readonly DeidentificationOptions[] OptionsInTableOrder = Enum.GetValues<DeidentificationOptions>()
        .Where(o => o != DeidentificationOptions.None).ToArray();

    /// <summary>Sequences whose items are content items (concept name + value) in the sense of E.3.4.</summary>
    private static readonly HashSet<DicomTag> ContentItemSequences =
    [
        DicomTags.ContentSequence, DicomTags.AcquisitionContextSequence,
        DicomTags.SpecimenPreparationStepContentItemSequence, DicomTags.WaveformAnnotationSequence,
    ];

    private readonly DicomDeidentifierOptions options;
    private readonly DeidentificationOptions profileOptions;
    private readonly KeyedPseudonyms pseudonyms;

    /// <exception cref="ArgumentException">The options are inconsistent or ask for an option this class does not implement.</exception>
    public DicomDeidentifier(DicomDeidentifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        profileOptions = options.ProfileOptions;
        if (options.UidKey is not { Length: >= MinimumKeyBytes })
        {
            throw new ArgumentException($"UidKey must hold at least {MinimumKeyBytes} secret bytes.", nameof(options));
        }

        if (profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates | DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates))
        {
            throw new ArgumentException("The two Retain Longitudinal Temporal Information options exclude each other.", nameof(options));
        }

        if (profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates) && options.DateShiftKey is not { Length: >= MinimumKeyBytes })
        {
            throw new ArgumentException($"Modified Dates needs a DateShiftKey of at least {MinimumKeyBytes} secret bytes.", nameof(options));
        }

        if (options.MaximumDateShiftDays < 1)
        {
            throw new ArgumentException("MaximumDateShiftDays must be at least 1.", nameof(options));
        }

        this.options = options;
        pseudonyms = new KeyedPseudonyms(options.UidKey, options.DateShiftKey, options.MaximumDateShiftDays);
    }

    /// <summary>De-identifies one data set (without its file meta: write the result as a new file so the meta is regenerated).</summary>
    public DeidentificationResult Deidentify(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var patientId = dataset.GetString(DicomTags.PatientID)?.Trim();
        var subject = string.IsNullOrEmpty(patientId) ? dataset.GetUid(DicomTags.StudyInstanceUID) ?? string.Empty : patientId;
        var replacement = options.ReplacePatient?.Invoke(new PatientIdentity(patientId, dataset.GetString(DicomTags.PatientName)))
            ?? new ReplacementPatient(pseudonyms.Patient(subject), pseudonyms.Patient(subject));
        var run = new Run(
            this,
            new Lazy<DescriptorCleaner>(() => DescriptorCleaner.For(dataset, profileOptions), LazyThreadSafetyMode.None),
            replacement,
            profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates) ? pseudonyms.DateShiftDays(subject) : 0);

        var result = run.Process(dataset, isTopLevel: true);
        AddDeidentificationMarkers(result);
        return new DeidentificationResult(result, new DeidentificationSummary(profileOptions, run.Counts));
    }

    private string ReplacementUid(string uid) => options.ReplaceUid?.Invoke(uid) ?? pseudonyms.Uid(uid);

    /// <summary>Patient Identity Removed, De-identification Method (Code Sequence) and Longitudinal Temporal Information Modified (E.1.1 step 6, E.2, E.3.6).</summary>
    private void AddDeidentificationMarkers(DicomDataset result)
    {
        result.Set(DicomTags.PatientIdentityRemoved, "YES");
        result.Set(DicomTags.DeidentificationMethod, MethodDescription);
        var codes = new[] { DeidentificationMethodCodes.BasicApplicationConfidentialityProfile }
            .Concat(OptionsInTableOrder.Where(o => profileOptions.HasFlag(o)).Select(DeidentificationMethodCodes.ForOption))
            .Select(code => new DicomDataset()
                .Set(DicomTags.CodeValue, code.CodeValue)
                .Set(DicomTags.CodingSchemeDesignator, code.CodingSchemeDesignator)
                .Set(DicomTags.CodeMeaning, code.CodeMeaning));
        result.Set(DicomTags.DeidentificationMethodCodeSequence, codes);
        result.Set(DicomTags.LongitudinalTemporalInformationModified, profileOptions switch
        {
            _ when profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates) => "UNMODIFIED",
            _ when profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates) => "MODIFIED",
            _ => "REMOVED",
        });
    }

    /// <summary>The state of one <see cref="Deidentify"/> call.</summary>
    private sealed class Run(DicomDeidentifier owner, Lazy<DescriptorCleaner> cleaner, ReplacementPatient replacement, int dateShiftDays)
    {
        private readonly DeidentificationOptions profileOptions = owner.profileOptions;
        private readonly bool cleansStructuredContent = owner.profileOptions.HasFlag(DeidentificationOptions.CleanStructuredContent);
        private readonly bool cleansGraphics = owner.profileOptions.HasFlag(DeidentificationOptions.CleanGraphics);

        public Dictionary<DeidentificationOutcome, int> Counts { get; } = [];

        /// <param name="valueHandledByCaller">A content item's value attribute, which <see cref="ProcessContentItem"/> treats by Table E.3.4-1.</param>
        public DicomDataset Process(DicomDataset source, bool isTopLevel, DicomTag? valueHandledByCaller = null)
        {
            var target = new DicomDataset();
            List<DicomElement>? privateCreators = null;
            foreach (var element in source)
            {
                if (element.Tag == valueHandledByCaller)
                {
                    continue;
                }

                // E.1.1 steps 7 and 9: file meta is regenerated when written; group 0004 belongs in a DICOMDIR only.
                if (element.Tag.Group is 0x0002 or 0x0004)
                {
                    Count(DeidentificationOutcome.Removed);
                }
                else if ((element.Tag.Group & 1) == 1)
                {
                    if (element.Tag.IsPrivateCreator)
                    {
                        (privateCreators ??= []).Add(element);
                    }
                    else
                    {
                        ProcessPrivate(source, element, target);
                    }
                }
                else if (DeidentificationProfile.Lookup(element.Tag) is { } rule)
                {
                    Apply(source, element, ActionFor(rule, element), rule.BasicProfileAction, target, isTopLevel);
                }
                else if (element.Tag == DicomTags.TextValue)
                {
                    // Table E.1-1 leaves free-text content items to Clean Structured Content (E.3.4): with it the text
                    // is cleaned; without it, E.3.4 Note 2 calls keeping the text a significant risk: a dummy.
                    var action = cleansStructuredContent ? DeidentificationAction.Clean : DeidentificationAction.Dummy;
                    Apply(source, element, action, DeidentificationAction.Dummy, target, isTopLevel);
                }
                else if (cleansGraphics && IsOverlayGroup(element.Tag) && element.VR.UsesSpecificCharacterSet)
                {
                    // Free text of a kept overlay (Overlay Description, Label…), which Table E.1-1 does not list (E.3.3);
                    // its codes and numbers (Overlay Type, ROI Area, Mean…) stay.
                    Apply(source, element, DeidentificationAction.Clean, DeidentificationAction.Remove, target, isTopLevel);
                }
                else
                {
                    target.AddOrUpdate(element is DicomSequence sequence ? ProcessItems(sequence) : element);
                }
            }

            // A private creator stays exactly when some element of its block stayed.
            foreach (var creator in privateCreators ?? [])
            {
                var block = creator.Tag.Element;
                var used = target.Any(e => e.Tag.Group == creator.Tag.Group && e.Tag.Element >> 8 == block);
                if (used)
                {
                    target.AddOrUpdate(creator);
                }

                Count(used ? DeidentificationOutcome.PrivateRetained : DeidentificationOutcome.PrivateRemoved);
            }

            RemoveOverlaysWithoutData(target);
            return target;
        }

        /// <summary>
        /// The table's action under the options in use, and the text of graphic and waveform annotations (Unformatted
        /// Text Value), which Table E.1-1 dummies unless Clean Descriptors is used: E.3.3 and E.3.4 clean it instead.
        /// </summary>
        private DeidentificationAction ActionFor(DeidentificationRule rule, DicomElement element)
        {
            var action = rule.ActionFor(profileOptions);
            return element.Tag == DicomTags.UnformattedTextValue && (cleansGraphics || cleansStructuredContent) && action == DeidentificationAction.Dummy
                ? DeidentificationAction.Clean
                : action;
        }

        /// <summary>
        /// A content item under Clean Structured Content (E.3.4): Table E.3.4-1, looked up by the item's concept name
        /// and value type, decides its value: X removes the whole item (with its children), D replaces the value
        /// with a dummy, K keeps it, C cleans it (text redacted, dates shifted), and X/D gives a dummy so the tree
        /// keeps its shape. Every other attribute of the item (and of items the table does not list) follows Table
        /// E.1-1 as everywhere else. Null when the item is removed.
        /// </summary>
        private DicomDataset? ProcessContentItem(DicomDataset item)
        {
            var concept = item.GetItems(DicomTags.ConceptNameCodeSequence) is [var first, ..] ? first : null;
            var codeValue = concept?.GetString(DicomTags.CodeValue) ?? concept?.GetString(DicomTags.LongCodeValue) ?? concept?.GetString(DicomTags.URNCodeValue);
            var scheme = concept?.GetString(DicomTags.CodingSchemeDesignator) ?? string.Empty;
            var valueType = item.GetString(DicomTags.ValueType);
            var rule = codeValue is null ? null : DeidentificationProfile.LookupContentItem(codeValue, scheme, valueType);
            if (rule is null)
            {
                return Process(item, isTopLevel: false);
            }

            var action = rule.ActionFor(profileOptions) switch
            {
                DeidentificationAction.Remove => DeidentificationAction.Remove,
                DeidentificationAction.Keep => DeidentificationAction.Keep,
                DeidentificationAction.Clean => DeidentificationAction.Clean,
                _ => DeidentificationAction.Dummy, // D, and X/D etc.: a content item's value is required where it stands
            };
            if (action == DeidentificationAction.Remove)
            {
                Count(DeidentificationOutcome.Removed);
                return null;
            }

            var valueTag = ValueAttributeOf(valueType ?? rule.ValueType);
            var processed = Process(item, isTopLevel: false, valueTag);
            if (valueTag is { } tag && item.Find(tag) is { } value)
            {
                Apply(item, value, action, rule.BasicProfileAction == DeidentificationAction.Remove ? DeidentificationAction.Dummy : rule.BasicProfileAction, processed, isTopLevel: false);
            }

            return processed;
        }

        /// <summary>The attribute holding a content item's value, by value type (PS3.3 C.17.3); null for types whose value is not one attribute.</summary>
        private static DicomTag? ValueAttributeOf(string valueType) => valueType.Trim() switch
        {
            "TEXT" => DicomTags.TextValue,
            "PNAME" => DicomTags.PersonName,
            "DATE" => DicomTags.Date,
            "TIME" => DicomTags.Time,
            "DATETIME" => DicomTags.DateTime,
            "UIDREF" => DicomTags.UID,
            "CODE" => DicomTags.ConceptCodeSequence,
            "NUM" => DicomTags.MeasuredValueSequence,
            "COMPOSITE" or "IMAGE" or "WAVEFORM" => DicomTags.ReferencedSOPSequence,
            _ => null,
        };

        /// <summary>
        /// Private attributes go, unless Retain Safe Private is used and Table E.3.10-1 lists them for their creator.
        /// E.3.10: with the option, a private sequence not known to be safe is processed item by item and stays if
        /// anything in it does.
        /// </summary>
        private void ProcessPrivate(DicomDataset source, DicomElement element, DicomDataset target)
        {
            if (profileOptions.HasFlag(DeidentificationOptions.RetainSafePrivate))
            {
                var safe = DeidentificationProfile.IsSafePrivate(element.Tag, source.GetPrivateCreator(element.Tag));
                if (element is DicomSequence sequence)
                {
                    var processed = ProcessItems(sequence);
                    if (safe || processed.Items.Any(item => item.Count > 0))
                    {
                        target.AddOrUpdate(processed);
                        Count(DeidentificationOutcome.PrivateRetained);
                        return;
                    }
                }
                else if (safe)
                {
                    target.AddOrUpdate(element);
                    Count(DeidentificationOutcome.PrivateRetained);
                    return;
                }
            }

            Count(DeidentificationOutcome.PrivateRemoved);
        }

        private void Apply(DicomDataset source, DicomElement element, DeidentificationAction action, DeidentificationAction basicAction, DicomDataset target, bool isTopLevel)
        {
            switch (Resolve(action, element))
            {
                case DeidentificationAction.Remove:
                    Count(DeidentificationOutcome.Removed);
                    break;
                case DeidentificationAction.Keep:
                    target.AddOrUpdate(element is DicomSequence kept ? ProcessItems(kept) : element);
                    Count(DeidentificationOutcome.Kept);
                    break;
                case DeidentificationAction.Zero when isTopLevel && IsPatientIdentity(element.Tag):
                case DeidentificationAction.Dummy when isTopLevel && IsPatientIdentity(element.Tag):
                    target.AddOrUpdate(Text(source, element, element.Tag == DicomTags.PatientID ? replacement.PatientId : replacement.PatientName));
                    Count(DeidentificationOutcome.ReplacedWithDummy);
                    break;
                case DeidentificationAction.Zero:
                    target.AddOrUpdate(element is DicomSequence ? new DicomSequence(element.Tag, []) : new DicomValueElement(element.Tag, element.VR, DicomBuffer.Empty));
                    Count(DeidentificationOutcome.Emptied);
                    break;
                case DeidentificationAction.Dummy:
                    target.AddOrUpdate(element is DicomSequence dummy ? ProcessItems(dummy) : DummyOf(source, element));
                    Count(DeidentificationOutcome.ReplacedWithDummy);
                    break;
                case DeidentificationAction.ReplaceUid:
                    target.AddOrUpdate(element is DicomSequence holder ? ProcessItems(holder) : ReplaceUids(source, element));
                    Count(DeidentificationOutcome.UidReplaced);
                    break;
                case DeidentificationAction.Clean:
                    Clean(source, element, basicAction, target, isTopLevel);
                    break;
                default:
                    throw new InvalidOperationException($"Unresolved action {action} for {element.Tag}.");
            }
        }

        /// <summary>
        /// Combined codes, without the PS3.3 module tables to say which Type an attribute has in this IOD: an
        /// attribute that is present stays present (the IOD may require it), with no information left in it. It
        /// gets a dummy when D is allowed and it had a value (Type 1 cannot be empty), else zero length; a
        /// sequence is emptied unless the code asks to keep it with replaced UIDs (X/Z/U*) or allows only X or D.
        /// </summary>
        private static DeidentificationAction Resolve(DeidentificationAction action, DicomElement element)
        {
            var hasValue = element switch
            {
                DicomSequence sequence => sequence.Items.Count > 0,
                DicomValueElement value => value.Length > 0,
                _ => true,
            };
            var isSequence = element is DicomSequence;
            return action switch
            {
                DeidentificationAction.RemoveOrZero => DeidentificationAction.Zero,
                DeidentificationAction.ZeroOrDummy or DeidentificationAction.RemoveOrDummy =>
                    hasValue ? DeidentificationAction.Dummy : DeidentificationAction.Zero,
                DeidentificationAction.RemoveOrZeroOrDummy =>
                    hasValue && !isSequence ? DeidentificationAction.Dummy : DeidentificationAction.Zero,
                DeidentificationAction.RemoveOrZeroOrReplaceUids =>
                    isSequence ? DeidentificationAction.ReplaceUid : DeidentificationAction.Zero,
                _ => action,
            };
        }

        /// <summary>
        /// C: dates move by the patient's offset (Modified Dates); times stay, so intervals within a day and across
        /// midnight are kept; text loses identifying terms; a sequence has the profile applied to its items. Values
        /// that cannot be cleaned (binary, or a date that does not parse) fall back to the Basic Profile action.
        /// </summary>
        private void Clean(DicomDataset source, DicomElement element, DeidentificationAction basicAction, DicomDataset target, bool isTopLevel)
        {
            var shiftsDates = profileOptions.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates);
            switch (element)
            {
                case DicomSequence sequence:
                    target.AddOrUpdate(ProcessItems(sequence));
                    Count(DeidentificationOutcome.Cleaned);
                    return;
                case DicomValueElement { VR.Code: "DA" or "DT" } when shiftsDates && ShiftDates(source, element) is { } shifted:
                    target.AddOrUpdate(shifted);
                    Count(DeidentificationOutcome.DatesShifted);
                    return;
                case DicomValueElement { VR.Code: "TM" } when shiftsDates:
                case DicomValueElement { VR.Code: "CS" }:
                case DicomValueElement when IsRegionOfInterestOverlayData(source, element.Tag):
                case DicomValueElement when IsCurveGroup(element.Tag) && !element.VR.UsesSpecificCharacterSet:
                    // E.3.3: an ROI overlay is a region, not text; curve data are plotted numbers. A graphics overlay
                    // may hold burned-in text that cannot be read here, so it falls to the Basic Profile (removed).
                    target.AddOrUpdate(element);
                    Count(DeidentificationOutcome.Kept);
                    return;
                case DicomValueElement { VR.Code: "PN" or "SH" or "LO" or "UC" or "ST" or "LT" or "UT" or "AE" }:
                    target.AddOrUpdate(Text(source, element, cleaner.Value.Clean(source.GetString(element.Tag) ?? string.Empty)));
                    Count(DeidentificationOutcome.Cleaned);
                    return;
                default:
                    Apply(source, element, basicAction, basicAction, target, isTopLevel);
                    return;
            }
        }

        /// <summary>The profile applied to each item; under Clean Structured Content, items of content item sequences are content items (and may be removed).</summary>
        private DicomSequence ProcessItems(DicomSequence sequence)
        {
            var asContentItems = cleansStructuredContent && ContentItemSequences.Contains(sequence.Tag);
            var items = new List<DicomDataset>(sequence.Items.Count);
            foreach (var item in sequence.Items)
            {
                if ((asContentItems ? ProcessContentItem(item) : Process(item, isTopLevel: false)) is { } processed)
                {
                    items.Add(processed);
                }
            }

            return new DicomSequence(sequence.Tag, items);
        }

        private DicomValueElement ReplaceUids(DicomDataset source, DicomElement element)
        {
            if (element.VR != DicomVR.UI)
            {
                return DummyOf(source, element);
            }

            var uids = source.GetStrings(element.Tag).Select(uid => uid.Length == 0 ? uid : owner.ReplacementUid(uid));
            return Text(source, element, string.Join('\\', uids));
        }

        /// <summary>Shifts every DA value, and the date part of every DT value, by the patient's offset; null when one does not parse.</summary>
        private DicomValueElement? ShiftDates(DicomDataset source, DicomElement element)
        {
            var values = source.GetStrings(element.Tag);
            var shifted = new string[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i].Replace(".", string.Empty, StringComparison.Ordinal);
                if (value.Length < 8 || (element.VR == DicomVR.DA && value.Length != 8)
                    || !DateOnly.TryParseExact(value.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return null;
                }

                shifted[i] = date.AddDays(dateShiftDays).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + value[8..];
            }

            return Text(source, element, string.Join('\\', shifted));
        }

        /// <summary>D: a value of the element's VR that carries no information; a UI gets its keyed replacement.</summary>
        private DicomValueElement DummyOf(DicomDataset source, DicomElement element)
        {
            var vr = element.VR;
            if (vr == DicomVR.UI)
            {
                return ReplaceUids(source, element);
            }

            var text = vr.Code switch
            {
                "DA" => "19000101",
                "DT" => "19000101000000",
                "TM" => "000000",
                "AS" => "000Y",
                "DS" or "IS" => "0",
                _ => vr.IsString ? DummyText : null,
            };
            return text is not null
                ? Text(source, element, text)
                : new DicomValueElement(element.Tag, vr, DicomBuffer.FromBytes(new byte[Math.Max(2, vr.ValueSize)]));
        }

        /// <summary>A string element in the character set of the data set it came from (the result keeps that set).</summary>
        private static DicomValueElement Text(DicomDataset source, DicomElement element, string value) =>
            new(element.Tag, element.VR, DicomBuffer.FromBytes(source.CharacterSet.Encode(value, element.VR)));

        private static bool IsPatientIdentity(DicomTag tag) => tag == DicomTags.PatientID || tag == DicomTags.PatientName;

        private static bool IsOverlayGroup(DicomTag tag) => tag.Group is >= 0x6000 and <= 0x601E && (tag.Group & 1) == 0;

        private static bool IsCurveGroup(DicomTag tag) => tag.Group is >= 0x5000 and <= 0x501E && (tag.Group & 1) == 0;

        /// <summary>Overlay Data (60xx,3000) of an overlay whose Overlay Type (60xx,0040) is R (region of interest), not G (graphics).</summary>
        private static bool IsRegionOfInterestOverlayData(DicomDataset source, DicomTag tag) =>
            IsOverlayGroup(tag) && tag.Element == 0x3000 && source.GetString(new DicomTag(tag.Group, 0x0040))?.Trim() == "R";

        /// <summary>
        /// Overlay Data (60xx,3000) is removed by the profile; an Overlay Plane left without it is invalid (it is
        /// Type 1), so the rest of that overlay group goes too.
        /// </summary>
        private void RemoveOverlaysWithoutData(DicomDataset target)
        {
            var orphanGroups = target
                .Where(e => IsOverlayGroup(e.Tag))
                .Select(e => e.Tag.Group)
                .Distinct()
                .Where(group => !target.Contains(new DicomTag(group, 0x3000)))
                .ToArray();
            foreach (var group in orphanGroups)
            {
                foreach (var tag in target.Where(e => e.Tag.Group == group).Select(e => e.Tag).ToArray())
                {
                    target.Remove(tag);
                    Count(DeidentificationOutcome.Removed);
                }
            }
        }

        private void Count(DeidentificationOutcome outcome) => Counts[outcome] = Counts.GetValueOrDefault(outcome) + 1;
    }
}
