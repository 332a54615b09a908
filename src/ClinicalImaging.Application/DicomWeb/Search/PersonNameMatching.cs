using System.Globalization;
using System.Text;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>
/// How person names (PN) match, for plain columns and for the encrypted patient name alike. PS3.4 C.2.2.2.1 lets
/// PN matching ignore case and accents, so both sides are normalised (alphabetic group only, upper case, diacritics
/// removed, trailing empty components dropped). Fuzzy matching (PS3.18 <c>fuzzymatching=true</c>) is ours to define:
/// every word of the query must begin some word of the name, or sound like it (American Soundex).
/// </summary>
public static class PersonNameMatching
{
    private static readonly char[] WordSeparators = ['^', ' ', '-', ',', '.', '\''];

    /// <summary>Upper case, no diacritics, the alphabetic group only, trailing '^' dropped; wild cards are kept.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var alphabetic = name.Split('=')[0];
        var decomposed = alphabetic.Normalize(NormalizationForm.FormD);
        var normal = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                normal.Append(char.ToUpperInvariant(c));
            }
        }

        var components = normal.ToString().Split('^').Select(c => string.Join(' ', c.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return string.Join('^', components).TrimEnd('^');
    }

    /// <summary>The words of a normalised name or query, whatever component they are in.</summary>
    public static string[] Words(string normalized) => normalized.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries);

    public static bool IsWordSeparator(char c) => Array.IndexOf(WordSeparators, c) >= 0;

    /// <summary>The words of a fuzzy query; a trailing '*' adds nothing, since every word already matches as a prefix.</summary>
    public static string[] FuzzyWords(string query) => Words(Normalize(query).Replace('*', ' '));

    public static bool MatchesPattern(string name, string pattern) => WildcardPattern.Matches(Normalize(pattern), Normalize(name));

    public static bool MatchesFuzzy(string name, string query)
    {
        var nameWords = Words(Normalize(name));
        return FuzzyWords(query).All(q => nameWords.Any(w => w.StartsWith(q, StringComparison.Ordinal) || SoundsAlike(q, w)));
    }

    private static bool SoundsAlike(string a, string b) => Soundex(a) is { Length: > 0 } key && key == Soundex(b);

    /// <summary>American Soundex of the word's letters A-Z (e.g. ROBERT and RUPERT: R163); empty when it has none.</summary>
    public static string Soundex(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        Span<char> key = stackalloc char[4];
        var length = 0;
        var previous = '\0';
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                continue;
            }

            var code = SoundexDigit(c);
            if (length == 0)
            {
                key[length++] = c;
            }
            else if (code != '0' && code != previous)
            {
                key[length++] = code;
                if (length == 4)
                {
                    break;
                }
            }

            // H and W do not separate equal codes; vowels do.
            if (c is not ('H' or 'W'))
            {
                previous = code;
            }
        }

        if (length == 0)
        {
            return string.Empty;
        }

        key[length..].Fill('0');
        return new string(key);
    }

    private static char SoundexDigit(char c) => c switch
    {
        'B' or 'F' or 'P' or 'V' => '1',
        'C' or 'G' or 'J' or 'K' or 'Q' or 'S' or 'X' or 'Z' => '2',
        'D' or 'T' => '3',
        'L' => '4',
        'M' or 'N' => '5',
        'R' => '6',
        _ => '0',
    };
}
