using System.Globalization;

namespace ClinicalImaging.Dicom;

/// <summary>Parses TM and DT values, whose components may be truncated from the right (PS3.5 Table 6.2-1).</summary>
internal static class DicomDateTimeParser
{
    public static bool TryParseTime(ReadOnlySpan<char> text, out TimeOnly time)
    {
        time = default;
        var fraction = 0L;
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var digits = text[(dot + 1)..];
            if (digits.Length is 0 or > 6 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fraction))
            {
                return false;
            }

            for (var i = digits.Length; i < 7; i++)
            {
                fraction *= 10; // to 100 ns ticks
            }

            text = text[..dot];
        }

        if (text.Length is not (2 or 4 or 6) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var hour = int.Parse(text[..2], CultureInfo.InvariantCulture);
        var minute = text.Length >= 4 ? int.Parse(text[2..4], CultureInfo.InvariantCulture) : 0;
        var second = text.Length >= 6 ? Math.Min(59, int.Parse(text[4..6], CultureInfo.InvariantCulture)) : 0; // 60 = leap second
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(fraction));
        return true;
    }

    public static bool TryParseDateTime(ReadOnlySpan<char> text, out DateTimeOffset value, out bool hasOffset)
    {
        value = default;
        hasOffset = false;
        var offset = TimeSpan.Zero;
        var sign = text.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = text[(sign + 1)..];
            if (zone.Length != 4 || !int.TryParse(zone, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
            {
                return false;
            }

            offset = new TimeSpan(hhmm / 100, hhmm % 100, 0) * (text[sign] == '-' ? -1 : 1);
            hasOffset = true;
            text = text[..sign];
        }

        if (text.Length < 4 || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        int Part(ReadOnlySpan<char> t, int start, int fallback) =>
            t.Length >= start + 2 && int.TryParse(t.Slice(start, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;

        var month = Part(text, 4, 1);
        var day = Part(text, 6, 1);
        var time = TimeOnly.MinValue;
        if (text.Length > 8 && !TryParseTime(text[8..], out time))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateTimeOffset(new DateOnly(year, month, day).ToDateTime(time), offset);
        return true;
    }
}
