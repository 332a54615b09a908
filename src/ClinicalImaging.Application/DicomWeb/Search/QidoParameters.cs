using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Domain.Studies;

namespace ClinicalImaging.Application.DicomWeb.Search;

/// <summary>
/// Reads the query parameters of PS3.18 §8.3.4 into a <see cref="QidoSearch"/>: <c>{attribute}={value}</c> (keyword
/// or tag), <c>includefield</c>, <c>fuzzymatching</c>, <c>limit</c> and <c>offset</c>. Each value is parsed by its
/// attribute's VR under the matching rules of PS3.4 C.2.2.2. Every problem found is reported at once, as a 400 that
/// names the parameter.
/// </summary>
public static class QidoParameters
{
    public const string IncludeField = "includefield";
    public const string FuzzyMatching = "fuzzymatching";
    public const string Limit = "limit";
    public const string Offset = "offset";
    public const string All = "all";

    private static readonly HashSet<string> NumberVrs = ["IS", "DS", "US", "SS", "UL", "SL", "UV", "SV", "FL", "FD"];
    private static readonly HashSet<string> TextVrs = ["AE", "AS", "CS", "DT", "LO", "LT", "SH", "ST", "UC", "UR", "UT"];

    public static QidoSearch Parse(QidoScope scope, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string key, string message) =>
            (errors.TryGetValue(key, out var list) ? list : errors[key] = []).Add(message);

        var fuzzy = false;
        if (Single(parameters, FuzzyMatching, Fail) is { } fuzzyText)
        {
            fuzzy = fuzzyText switch
            {
                "true" => true,
                "false" => false,
                _ => Failed(() => Fail(FuzzyMatching, $"must be true or false, not '{fuzzyText}'")),
            };
        }

        var warnings = new List<string>();
        var limit = QidoSearch.DefaultLimit;
        if (Single(parameters, Limit, Fail) is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1)
            {
                Fail(Limit, $"must be a whole number from 1, not '{limitText}'");
            }
            else if (limit > QidoSearch.MaxLimit)
            {
                warnings.Add($"The limit {limit} exceeds this server's maximum; at most {QidoSearch.MaxLimit} results are returned per request, use offset for more");
                limit = QidoSearch.MaxLimit;
            }
        }

        var offset = 0;
        if (Single(parameters, Offset, Fail) is { } offsetText
            && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            Fail(Offset, $"must be a whole number from 0, not '{offsetText}'");
        }

        var returned = new List<QidoAttribute>(DefaultsFor(scope));
        var wholeHeader = false;
        foreach (var field in parameters.Where(p => p.Key == IncludeField).SelectMany(p => p.Value.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (field == All)
            {
                returned.AddRange(AllFor(scope.Level));
                wholeHeader |= scope.Level == QidoLevel.Instance;
            }
            else if (QidoAttributes.Find(field) is { } attribute)
            {
                // A column of a lower level (a series' Manufacturer in a study search) comes from a representative header.
                returned.Add(attribute is { Source: QidoSource.Column } && attribute.Level > scope.Level ? attribute with { Source = QidoSource.Header } : attribute);
            }
            else
            {
                Fail(IncludeField, $"'{field}' is neither 'all' nor a DICOM attribute keyword or tag");
            }
        }

        var conditions = new List<QidoCondition>();
        var seen = new HashSet<uint>();
        foreach (var (key, value) in parameters.Where(p => p.Key is not (IncludeField or FuzzyMatching or Limit or Offset)))
        {
            if (QidoAttributes.Find(key) is not { } attribute)
            {
                Fail(key, key.Contains('.', StringComparison.Ordinal)
                    ? "matching on attributes inside sequences is not supported"
                    : "is not a DICOM attribute keyword or tag, nor a QIDO-RS parameter (includefield, fuzzymatching, limit, offset)");
                continue;
            }

            if (!seen.Add(attribute.Tag.Value))
            {
                Fail(key, $"{attribute.Keyword} is given more than once");
                continue;
            }

            // A matching key is returned in every result (PS3.4 C.2.2.1), whether it matched a value or universally.
            returned.Add(attribute);
            if (CannotMatchAt(attribute, scope.Level) is { } refusal)
            {
                Fail(key, refusal);
            }
            else if (value.Length > 0 && value != "*" && ConditionFor(attribute, value, fuzzy, message => Fail(key, message)) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return new QidoSearch(scope, conditions, returned.DistinctBy(a => a.Tag.Value).OrderBy(a => a.Tag).ToList(), wholeHeader, limit, offset, warnings);
    }

    /// <summary>PS3.18 Tables 10.6.3-3/4/5; a search not confined to one study (or series) also returns that level's attributes.</summary>
    private static IEnumerable<QidoAttribute> DefaultsFor(QidoScope scope) => scope.Level switch
    {
        QidoLevel.Study => QidoAttributes.StudyDefaults,
        QidoLevel.Series => scope.StudyInstanceUid is null ? [.. QidoAttributes.StudyDefaults, .. QidoAttributes.SeriesDefaults] : QidoAttributes.SeriesDefaults,
        _ => [
            .. scope.StudyInstanceUid is null ? QidoAttributes.StudyDefaults : [],
            .. scope.SeriesInstanceUid is null ? QidoAttributes.SeriesDefaults : [],
            .. QidoAttributes.InstanceDefaults],
    };

    /// <summary><c>includefield=all</c>: every attribute kept for the level and those above it (the instance level adds its whole header).</summary>
    private static IEnumerable<QidoAttribute> AllFor(QidoLevel level) =>
        Enum.GetValues<QidoLevel>().Where(l => l <= level).SelectMany(QidoAttributes.KeptAt)
            .Where(a => a.Keyword is not ("NumberOfStudyRelatedSeries" or "NumberOfStudyRelatedInstances" or "ModalitiesInStudy") || level == QidoLevel.Study)
            .Where(a => a.Keyword != "NumberOfSeriesRelatedInstances" || level == QidoLevel.Series);

    private static string? CannotMatchAt(QidoAttribute attribute, QidoLevel level)
    {
        if (attribute.Source == QidoSource.Computed && attribute.Keyword != "ModalitiesInStudy")
        {
            return $"{attribute.Keyword} is computed for each result; it can be returned (includefield) but not matched";
        }

        if (attribute.Level <= level)
        {
            return null;
        }

        return attribute.Source == QidoSource.Header
            ? $"{attribute.Keyword} is kept only in the stored instance headers: match it in an instance search (…/instances)"
            : $"{attribute.Keyword} is a {attribute.Level.ToString().ToLowerInvariant()}-level attribute: it cannot be matched in a {level.ToString().ToLowerInvariant()} search";
    }

    private static QidoCondition? ConditionFor(QidoAttribute attribute, string value, bool fuzzy, Action<string> fail)
    {
        var vr = attribute.Vr;
        if (attribute.Source == QidoSource.Header)
        {
            if (vr is "SQ" or "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "UN" or "AT")
            {
                fail($"{attribute.Keyword} ({vr}) cannot be matched");
                return null;
            }

            if (WildcardPattern.HasWildcards(value) || (vr is "DA" or "TM" or "DT" && value.Contains('-', StringComparison.Ordinal)))
            {
                fail($"{attribute.Keyword} is kept only in the stored header, where single values are matched exactly; wild cards and ranges need an indexed attribute");
                return null;
            }

            return NumberVrs.Contains(vr)
                ? Number(attribute, value, fail)
                : new ValueListCondition(attribute, [vr == "PN" ? value : value.TrimEnd(' ')]);
        }

        return vr switch
        {
            "UI" => UidList(attribute, value, fail),
            "DA" => DateRange(attribute, value, fail),
            "TM" => TimeRange(attribute, value, fail),
            "PN" when fuzzy && value.Contains('?', StringComparison.Ordinal) => Refused(fail, $"fuzzy matching of {attribute.Keyword} takes words or word beginnings ('*' at the end), not '?'"),
            "PN" => new PersonNameCondition(attribute, value, fuzzy),
            _ when NumberVrs.Contains(vr) => Number(attribute, value, fail),
            _ when WildcardPattern.HasWildcards(value) => new WildcardCondition(attribute, new WildcardPattern(value)),
            // Code strings may list alternatives (ModalitiesInStudy=CT\MR): any of them matches.
            "CS" => new ValueListCondition(attribute, value.Split(['\\', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            _ when TextVrs.Contains(vr) => new ValueListCondition(attribute, [value.TrimEnd(' ')]),
            _ => Refused(fail, $"{attribute.Keyword} ({vr}) cannot be matched"),
        };
    }

    private static ValueListCondition? UidList(QidoAttribute attribute, string value, Action<string> fail)
    {
        var uids = value.Split(['\\', ','], StringSplitOptions.TrimEntries);
        foreach (var uid in uids)
        {
            if (!DicomUid.TryParse(uid, out _, out var problem))
            {
                fail($"'{uid}' {problem} (UIDs match exactly or as a list separated by ',' or '\\'; wild cards are not allowed)");
                return null;
            }
        }

        return new ValueListCondition(attribute, uids);
    }

    private static DateRangeCondition? DateRange(QidoAttribute attribute, string value, Action<string> fail)
    {
        var (lower, upper, isRange) = SplitRange(value);
        var from = lower.Length == 0 ? (DateOnly?)null : ParseDate(lower);
        var to = upper.Length == 0 ? (DateOnly?)null : ParseDate(upper);
        if ((lower.Length > 0 && from is null) || (upper.Length > 0 && to is null) || (from is null && to is null))
        {
            return Refused<DateRangeCondition>(fail, $"'{value}' is not a date (YYYYMMDD) or a date range (YYYYMMDD-YYYYMMDD, -YYYYMMDD, YYYYMMDD-)");
        }

        if (from > to)
        {
            return Refused<DateRangeCondition>(fail, $"the range '{value}' ends before it begins");
        }

        return new DateRangeCondition(attribute, from, isRange ? to : from);
    }

    private static TimeRangeCondition? TimeRange(QidoAttribute attribute, string value, Action<string> fail)
    {
        var (lower, upper, isRange) = SplitRange(value);
        var from = lower.Length == 0 ? (TimeOnly?)null : ParseTime(lower, upperBound: false);
        var to = isRange ? upper.Length == 0 ? null : ParseTime(upper, upperBound: true) : ParseTime(lower, upperBound: true);
        if ((lower.Length > 0 && from is null) || (upper.Length > 0 && to is null) || (from is null && to is null))
        {
            return Refused<TimeRangeCondition>(fail, $"'{value}' is not a time (HH, HHMM, HHMMSS or HHMMSS.FFFFFF) or a time range (with '-')");
        }

        if (from > to)
        {
            return Refused<TimeRangeCondition>(fail, $"the range '{value}' ends before it begins (ranges across midnight are not supported)");
        }

        return new TimeRangeCondition(attribute, from, to);
    }

    private static NumberCondition? Number(QidoAttribute attribute, string value, Action<string> fail) =>
        double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new NumberCondition(attribute, number)
            : Refused<NumberCondition>(fail, $"'{value}' is not a number ({attribute.Vr} values match as numbers; wild cards are not allowed)");

    private static (string Lower, string Upper, bool IsRange) SplitRange(string value) =>
        value.IndexOf('-', StringComparison.Ordinal) is var dash and >= 0
            ? (value[..dash].Trim(), value[(dash + 1)..].Trim(), true)
            : (value.Trim(), string.Empty, false);

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A TM value of any precision; as an upper bound, the last instant that precision covers.</summary>
    private static TimeOnly? ParseTime(string text, bool upperBound)
    {
        var (whole, fraction) = text.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? (text[..dot], text[(dot + 1)..]) : (text, null);
        if (whole.Length is not (2 or 4 or 6) || !whole.All(char.IsAsciiDigit) || fraction is { Length: 0 or > 6 } || (fraction is not null && (whole.Length != 6 || !fraction.All(char.IsAsciiDigit))))
        {
            return null;
        }

        var hour = int.Parse(whole[..2], CultureInfo.InvariantCulture);
        var minute = whole.Length >= 4 ? int.Parse(whole[2..4], CultureInfo.InvariantCulture) : upperBound ? 59 : 0;
        var second = whole.Length == 6 ? int.Parse(whole[4..6], CultureInfo.InvariantCulture) : upperBound ? 59 : 0;
        var microseconds = fraction is not null
            ? int.Parse(fraction.PadRight(6, upperBound ? '9' : '0'), CultureInfo.InvariantCulture)
            : upperBound ? 999_999 : 0;
        if (hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        return new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(microseconds * 10L));
    }

    private static string? Single(IReadOnlyList<KeyValuePair<string, string>> parameters, string name, Action<string, string> fail)
    {
        var values = parameters.Where(p => p.Key == name).Select(p => p.Value).ToList();
        if (values.Count > 1)
        {
            fail(name, "is given more than once");
        }

        return values.Count == 1 ? values[0] : null;
    }

    private static bool Failed(Action fail)
    {
        fail();
        return false;
    }

    private static QidoCondition? Refused(Action<string> fail, string message) => Refused<QidoCondition>(fail, message);

    private static T? Refused<T>(Action<string> fail, string message) where T : class
    {
        fail(message);
        return null;
    }
}
