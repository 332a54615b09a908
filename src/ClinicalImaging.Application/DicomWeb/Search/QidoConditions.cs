namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>One matching key of a search (PS3.4 C.2.2.2), parsed and checked against its attribute's VR.</summary>
public abstract record QidoCondition(QidoAttribute Attribute);

/// <summary>Single value matching, or list of UID matching (any of the values; also a list of code strings).</summary>
public sealed record ValueListCondition(QidoAttribute Attribute, IReadOnlyList<string> Values) : QidoCondition(Attribute);

/// <summary>Wild card matching: <c>*</c> any run of characters, <c>?</c> any one character.</summary>
public sealed record WildcardCondition(QidoAttribute Attribute, WildcardPattern Pattern) : QidoCondition(Attribute);

/// <summary>Range matching of a date (DA); a single date is the range of that one day. Open ends are null.</summary>
public sealed record DateRangeCondition(QidoAttribute Attribute, DateOnly? From, DateOnly? To) : QidoCondition(Attribute)
{
    public bool Contains(DateOnly date) => (From is null || date >= From) && (To is null || date <= To);
}

/// <summary>Range matching of a time (TM); a single time is the range its precision covers ("10" is 10:00 to 10:59:59.999999).</summary>
public sealed record TimeRangeCondition(QidoAttribute Attribute, TimeOnly? From, TimeOnly? To) : QidoCondition(Attribute);

/// <summary>Single value matching of a number (IS, DS, US…): equal as numbers, whatever the spelling.</summary>
public sealed record NumberCondition(QidoAttribute Attribute, double Value) : QidoCondition(Attribute);

/// <summary>A person name: literal or wild card matching (case- and accent-insensitive), or fuzzy matching when asked for.</summary>
public sealed record PersonNameCondition(QidoAttribute Attribute, string Pattern, bool Fuzzy) : QidoCondition(Attribute)
{
    public bool IsMatch(string? name) =>
        name is not null && (Fuzzy ? PersonNameMatching.MatchesFuzzy(name, Pattern) : PersonNameMatching.MatchesPattern(name, Pattern));
}

/// <summary>A PS3.4 wild card pattern. Matching is ordinal unless the caller normalises both sides first.</summary>
public sealed record WildcardPattern(string Text)
{
    public static bool HasWildcards(string value) => value.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The characters before the first wild card: what an index can narrow on.</summary>
    public string LiteralPrefix => Text[..(Text.AsSpan().IndexOfAny('*', '?') is var i and >= 0 ? i : Text.Length)];

    public bool IsMatch(ReadOnlySpan<char> value) => Matches(Text, value);

    /// <summary>The pattern as SQL LIKE (escape character '\').</summary>
    public string ToSqlLike()
    {
        var like = new System.Text.StringBuilder(Text.Length + 4);
        foreach (var c in Text)
        {
            like.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' or '_' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }

        return like.ToString();
    }

    /// <summary>Glob matching with one backtrack point: linear in practice, never exponential.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        int p = 0, v = 0, star = -1, resume = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
