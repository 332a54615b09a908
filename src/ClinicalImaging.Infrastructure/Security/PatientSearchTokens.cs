using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.DicomWeb.Search;

namespace ClinicalImaging.Infrastructure.Security;

/// <summary>
/// Keyed search tokens for the encrypted patient columns (docs/decisions/0804). A token is the first 16 bytes of the
/// blind index HMAC of a normalised term, stored as a uuid in <c>patients.phi_search_tokens</c> (GIN). Terms: the
/// Patient ID's prefixes (the exact ID has its own blind index); the whole normalised name, each name word's prefixes and its Soundex key; the
/// birth date and its year. A search turns its patient conditions into tokens every match must carry (and groups of
/// which it must carry one); the candidates found are then verified against the decrypted values, so a token only
/// ever narrows, never decides.
/// </summary>
public static class PatientSearchTokens
{
    /// <summary>Prefix terms stop here: longer prefixes narrow little more and would multiply the tokens.</summary>
    public const int MaxPrefixLength = 8;

    /// <summary>Birth years outside this span share the token of its end, so open ranges enumerate a bounded set of years.</summary>
    public const int FirstBirthYear = 1900;
    public const int LastBirthYear = 2100;

    private const string Purpose = "patients.search";

    /// <summary>The tokens of a patient's current identifiers: recomputed whenever the row is written.</summary>
    public static Guid[] For(PhiProtector protector, string patientId, string? patientName, DateOnly? birthDate)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(patientId);
        var terms = Prefixes(patientId).Select(p => Term("id<", p)).ToHashSet(StringComparer.Ordinal);
        if (patientName is not null && PersonNameMatching.Normalize(patientName) is { Length: > 0 } name)
        {
            terms.Add(Term("pn", name));
            foreach (var word in PersonNameMatching.Words(name))
            {
                terms.UnionWith(Prefixes(word).Select(p => Term("w<", p)));
                if (PersonNameMatching.Soundex(word) is { Length: > 0 } soundex)
                {
                    terms.Add(Term("sx", soundex));
                }
            }
        }

        if (birthDate is { } date)
        {
            terms.Add(Term("bd", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
            terms.Add(YearTerm(date.Year));
        }

        return terms.Select(t => Token(protector, t, protector.BlindIndexKeyId)).Order().ToArray();
    }

    /// <summary>
    /// What the patient conditions of a search (an exact Patient ID aside: its blind index answers it) require of a row's tokens: all of <see cref="PatientTokenQuery.Required"/>
    /// and one of each of <see cref="PatientTokenQuery.AnyOf"/>. A condition that yields no token (a name or ID
    /// pattern that begins with a wild card) is refused: answering it would mean decrypting every patient. One query per
    /// blind index key (the active one first): a row matches when it satisfies the query of the key it is indexed under.
    /// </summary>
    public static IReadOnlyList<PatientTokenQuery> Query(PhiProtector protector, IEnumerable<QidoCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(conditions);
        var required = new List<string>();
        var anyOf = new List<IReadOnlyList<string>>();
        foreach (var condition in conditions)
        {
            var before = required.Count + anyOf.Count;
            switch (condition)
            {
                case WildcardCondition wildcard when wildcard.Pattern.LiteralPrefix is { Length: > 0 } prefix:
                    required.Add(Term("id<", prefix[..Math.Min(prefix.Length, MaxPrefixLength)]));
                    break;
                case PersonNameCondition { Fuzzy: true } fuzzy:
                    anyOf.AddRange(PersonNameMatching.FuzzyWords(fuzzy.Pattern).Select(word =>
                        (IReadOnlyList<string>)[Term("w<", word[..Math.Min(word.Length, MaxPrefixLength)]), .. SoundexTerms(word)]));
                    break;
                case PersonNameCondition name:
                    required.AddRange(NameTerms(PersonNameMatching.Normalize(name.Pattern)));
                    break;
                case DateRangeCondition { From: { } from, To: { } to } when from == to:
                    required.Add(Term("bd", from.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
                    break;
                case DateRangeCondition range:
                    var first = Math.Clamp(range.From?.Year ?? FirstBirthYear, FirstBirthYear, LastBirthYear);
                    var last = Math.Clamp(range.To?.Year ?? LastBirthYear, FirstBirthYear, LastBirthYear);
                    anyOf.Add(Enumerable.Range(first, last - first + 1).Select(YearTerm).ToList());
                    break;
            }

            if (required.Count + anyOf.Count == before)
            {
                throw new RequestValidationException(new Dictionary<string, string[]>
                {
                    [condition.Attribute.Keyword] = [$"{condition.Attribute.Keyword} is stored encrypted and searched through an index of its beginnings: a pattern must start with at least one character before any wild card"],
                });
            }
        }

        return protector.BlindIndexKeyIds.Select(keyId => new PatientTokenQuery(
            keyId,
            required.Distinct(StringComparer.Ordinal).Select(t => Token(protector, t, keyId)).ToArray(),
            anyOf.Select(group => group.Distinct(StringComparer.Ordinal).Select(t => Token(protector, t, keyId)).ToArray()).ToList())).ToList();
    }

    /// <summary>
    /// The name words a normalised pattern guarantees: the whole name when it has no wild card; otherwise each word of a
    /// literal run that is known to start a word of the name (at the start of the pattern, or after a separator),
    /// as a prefix.
    /// </summary>
    private static IEnumerable<string> NameTerms(string pattern)
    {
        if (!WildcardPattern.HasWildcards(pattern))
        {
            yield return Term("pn", pattern);
            yield break;
        }

        var start = 0;
        while (start < pattern.Length)
        {
            var end = pattern.AsSpan(start).IndexOfAny('*', '?') is var i and >= 0 ? start + i : pattern.Length;
            // After a wild card, the run's first word may continue a longer name word: only words after a separator count.
            var skipFirst = start > 0 && !PersonNameMatching.IsWordSeparator(pattern[start]);
            foreach (var word in PersonNameMatching.Words(pattern[start..end]).Skip(skipFirst ? 1 : 0))
            {
                yield return Term("w<", word[..Math.Min(word.Length, MaxPrefixLength)]);
            }

            start = end + 1;
        }
    }

    private static IEnumerable<string> SoundexTerms(string word) =>
        PersonNameMatching.Soundex(word) is { Length: > 0 } soundex ? [Term("sx", soundex)] : [];

    private static IEnumerable<string> Prefixes(string value) =>
        Enumerable.Range(1, Math.Min(value.Length, MaxPrefixLength)).Select(n => value[..n]);

    private static string YearTerm(int year) => Term("by", Math.Clamp(year, FirstBirthYear, LastBirthYear).ToString(CultureInfo.InvariantCulture));

    private static string Term(string kind, string value) => $"{kind}:{value}";

    private static Guid Token(PhiProtector protector, string term, string keyId) => new(protector.BlindIndex(term, Purpose, keyId).AsSpan(0, 16));
}

/// <summary>
/// Tokens a candidate patient row indexed under blind index key <see cref="KeyId"/> must carry: every one of
/// <see cref="Required"/>, and one of each group in <see cref="AnyOf"/>.
/// </summary>
public sealed record PatientTokenQuery(string KeyId, Guid[] Required, IReadOnlyList<Guid[]> AnyOf);
