using System.Globalization;
using ClinicalImaging.Application.Common.Exceptions;
using ClinicalImaging.Application.DicomWeb.RenderInstance;

namespace ClinicalImaging.Api.DicomWeb;

/// <summary>Reads PS3.18 §8.3.5.1 rendering query parameters; a malformed one is a 400 naming it.</summary>
internal static class RenderingQuery
{
    public static RenderParameters Parse(HttpRequest request, RenderParameters defaults)
    {
        var window = Numbers(request, "window", 2, 3, out var function);
        var viewport = Numbers(request, "viewport", 2, 2, out _);
        return new RenderParameters(
            window?[0] ?? defaults.WindowCenter,
            window?[1] ?? defaults.WindowWidth,
            function ?? defaults.WindowFunction,
            viewport is null ? defaults.ViewportWidth : (int)viewport[0],
            viewport is null ? defaults.ViewportHeight : (int)viewport[1]);
    }

    /// <summary>Comma-separated numbers; for window, a third, textual value is the VOI LUT function.</summary>
    private static double[]? Numbers(HttpRequest request, string name, int min, int max, out string? text)
    {
        text = null;
        if (request.Query[name] is not [{ } raw])
        {
            return request.Query.ContainsKey(name) ? throw Invalid(name, "it is given more than once") : null;
        }

        var parts = raw.Split(',');
        if (parts.Length < min || parts.Length > max)
        {
            throw Invalid(name, $"'{raw}' has {parts.Length} values, not {(min == max ? $"{min}" : $"{min} or {max}")}");
        }

        var numbers = new double[min];
        for (var i = 0; i < min; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw Invalid(name, $"'{parts[i]}' is not a number");
            }
        }

        text = parts.Length > min ? parts[min].Trim() : null;
        return numbers;
    }

    private static RequestValidationException Invalid(string name, string problem) =>
        new(new Dictionary<string, string[]> { [name] = [$"the {name} parameter is malformed: {problem}"] });
}
