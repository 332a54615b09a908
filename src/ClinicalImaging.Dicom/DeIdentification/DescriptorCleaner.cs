using System.Text.RegularExpressions;

namespace ClinicalImaging.Dicom.DeIdentification;

/// <summary>
/// The C (clean) action for text (PS3.15 E.3.5): removes from a description the information that the profile removes
/// elsewhere in the same data set. Each match becomes "*". What counts as identifying:
/// <list type="bullet">
/// <item>the values of every protected (not kept, not cleaned) PN, LO, SH, UC and AE attribute of the data set, at any
/// depth: whole values, and for names each family, given and middle name;</item>
/// <item>a title followed by a capitalised word ("Dr. Smith");</item>
/// <item>dates written as digits, unless full dates are retained;</item>
/// <item>an age or age-and-sex such as "55F", "55 yo" or "055Y", unless patient characteristics are retained.</item>
/// </list>
/// Everything else stays. This is redaction of known identifiers, not understanding: a name that appears only in the
/// description (nowhere in a protected attribute, without a title) survives. See docs/de-identification.md.
/// </summary>
internal sealed class DescriptorCleaner
{
    public const string Redaction = "*";

    private const string NotInWordBefore = @"(?<![\p{L}\p{N}])";
    private const string NotInWordAfter = @"(?![\p{L}\p{N}])";
    private const string TitledName = @"(?:dr|prof|mrs?|ms|miss)\.?\s+(?-i:\p{Lu})[\p{L}'\-]*";
    private const string DigitDate = @"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|(?:19|20)\d{6})";
    // "55 yo", "55 years old"; "55F"/"55M" (two or three digits, so "3D" and "5M" stay); the AS form "055Y".
    private const string AgeAndSex = @"(?:\d{1,3}\s?(?:y/o|yo|yrs?|years?(?:\s+old)?)|\d{2,3}[mf]|\d{3}[ymwd])";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private readonly Regex pattern;

    private DescriptorCleaner(Regex pattern) => this.pattern = pattern;

    /// <summary>Builds the cleaner for one data set from the values of its protected attributes.</summary>
    public static DescriptorCleaner For(DicomDataset dataset, DeidentificationOptions options)
    {
        var terms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectTerms(dataset, options, terms);

        var alternatives = terms.OrderByDescending(t => t.Length).Select(Regex.Escape).ToList();
        alternatives.Add(TitledName);
        if (!options.HasFlag(DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates))
        {
            alternatives.Add(DigitDate);
        }

        if (!options.HasFlag(DeidentificationOptions.RetainPatientCharacteristics))
        {
            alternatives.Add(AgeAndSex);
        }

        var expression = $"{NotInWordBefore}(?:{string.Join('|', alternatives)}){NotInWordAfter}";
        return new DescriptorCleaner(new Regex(expression, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout));
    }

    public string Clean(string text) => pattern.Replace(text, Redaction);

    private static void CollectTerms(DicomDataset dataset, DeidentificationOptions options, HashSet<string> terms)
    {
        foreach (var element in dataset)
        {
            if (element is DicomSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    CollectTerms(item, options, terms);
                }

                continue;
            }

            if (element.Tag.IsPrivate || element.VR.Code is not ("PN" or "LO" or "SH" or "UC" or "AE")
                || DeidentificationProfile.Lookup(element.Tag)?.ActionFor(options) is null or DeidentificationAction.Keep or DeidentificationAction.Clean or DeidentificationAction.ReplaceUid)
            {
                continue;
            }

            foreach (var value in dataset.GetStrings(element.Tag))
            {
                AddTerm(terms, value);
                if (element.VR == DicomVR.PN)
                {
                    var name = DicomPersonName.Parse(value);
                    foreach (var group in new[] { name.AlphabeticComponents, name.IdeographicComponents, name.PhoneticComponents })
                    {
                        AddTerm(terms, group.FamilyName);
                        AddTerm(terms, group.GivenName);
                        AddTerm(terms, group.MiddleName);
                    }
                }
            }
        }
    }

    private static void AddTerm(HashSet<string> terms, string value)
    {
        var term = value.Trim();
        if (term.Length >= 2)
        {
            terms.Add(term);
        }
    }
}
