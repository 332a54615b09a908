using System.ComponentModel;
using System.Globalization;
using ClinicalImaging.Application.Common;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.Studies;

namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// Query parameters as text, parsed here so that a malformed one is a 400 naming it (the framework's own binding
/// failures carry no detail outside Development). Ranges and lengths are the use cases' validators' business.
/// </summary>
internal sealed class ArchiveQueryParameters(Dictionary<string, string[]> errors)
{
    public static ArchiveQueryParameters Start() => new(new Dictionary<string, string[]>(StringComparer.Ordinal));

    public int Int(string name, string? value, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors[name] = [$"{name} must be a whole number"];
        return fallback;
    }

    public bool? Bool(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        errors[name] = [$"{name} must be true or false"];
        return null;
    }

    /// <summary>ISO 8601 (2026-11-02) or DICOM DA (20261102).</summary>
    public DateOnly? Date(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors[name] = [$"{name} must be a date as yyyy-MM-dd or yyyyMMdd"];
        return null;
    }

    /// <summary>Throws the collected errors, if any, as one validation failure.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
    }
}

/// <summary>The filters and page of <c>GET /api/v1/studies</c>.</summary>
internal sealed record StudySearchParameters(
    [property: Description("Exact Patient ID")] string? PatientId,
    [property: Description("Exact Issuer of Patient ID (with patientId)")] string? IssuerOfPatientId,
    [property: Description("true: only studies filed under an unidentified patient (their objects carried an empty Patient ID); false: only identified ones")] string? UnidentifiedPatient,
    [property: Description("Modality of at least one series (CT, MR…)")] string? Modality,
    [property: Description("Body Part Examined of at least one series, case-insensitive")] string? BodyPart,
    [property: Description("Manufacturer of at least one series, whole value, case-insensitive")] string? Manufacturer,
    [property: Description("true: some image records a contrast/bolus agent; false: none does")] string? HasContrast,
    [property: Description("Study Date from, inclusive (yyyy-MM-dd or yyyyMMdd)")] string? StartDate,
    [property: Description("Study Date to, inclusive (yyyy-MM-dd or yyyyMMdd)")] string? EndDate,
    [property: Description("Exact Accession Number")] string? AccessionNumber,
    [property: Description("Text within the Study Description, case-insensitive")] string? Description,
    [property: Description("Page number, from 1")] string? Page,
    [property: Description("Results per page (default 50, at most 200)")] string? PageSize)
{
    public (StudySearchCriteria Criteria, int Page, int PageSize) Parse()
    {
        var parse = ArchiveQueryParameters.Start();
        var criteria = new StudySearchCriteria
        {
            PatientId = PatientId,
            IssuerOfPatientId = IssuerOfPatientId,
            UnidentifiedPatient = parse.Bool("unidentifiedPatient", UnidentifiedPatient),
            Modality = Modality,
            BodyPart = BodyPart,
            Manufacturer = Manufacturer,
            HasContrast = parse.Bool("hasContrast", HasContrast),
            StartDate = parse.Date("startDate", StartDate),
            EndDate = parse.Date("endDate", EndDate),
            AccessionNumber = AccessionNumber,
            Description = Description,
        };
        var page = parse.Int("page", Page, 1);
        var pageSize = parse.Int("pageSize", PageSize, PagedRequestValidator.DefaultPageSize);
        parse.ThrowIfInvalid();
        return (criteria, page, pageSize);
    }
}

/// <summary>The page of a paged listing.</summary>
internal sealed record PageParameters(
    [property: Description("Page number, from 1")] string? Page,
    [property: Description("Results per page (default 50, at most 200)")] string? PageSize)
{
    public (int Page, int PageSize) Parse()
    {
        var parse = ArchiveQueryParameters.Start();
        var page = parse.Int("page", Page, 1);
        var pageSize = parse.Int("pageSize", PageSize, PagedRequestValidator.DefaultPageSize);
        parse.ThrowIfInvalid();
        return (page, pageSize);
    }
}
