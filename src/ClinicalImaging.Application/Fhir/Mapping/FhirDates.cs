using System.Globalization;

namespace ClinicalImaging.Application.Fhir.Mapping;

/// <summary>FHIR date and dateTime strings from DICOM's local DA/TM values.</summary>
public static class FhirDates
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// A FHIR dateTime: the date alone when there is no time; with a time, the offset <paramref name="zone"/> had at
    /// that moment (FHIR requires an offset whenever a time is given). Null without a date.
    /// </summary>
    public static string? DateTime(DateOnly? date, TimeOnly? time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (date is not { } day)
        {
            return null;
        }

        if (time is not { } clock)
        {
            return Date(day);
        }

        var local = day.ToDateTime(new TimeOnly(clock.Hour, clock.Minute, clock.Second), DateTimeKind.Unspecified);
        return Instant(new DateTimeOffset(local, zone.GetUtcOffset(local)));
    }

    /// <summary>A FHIR instant (seconds and offset always present).</summary>
    public static string Instant(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
