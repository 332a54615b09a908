using ClinicalImaging.Domain.Common;

namespace ClinicalImaging.Domain.Reviews;

/// <summary>What an annotation marks, which fixes how many coordinates it has.</summary>
public enum AnnotationKind
{
    /// <summary>A rectangle: x, y, width, height.</summary>
    Box,

    /// <summary>A distance: x1, y1, x2, y2; its length in millimetres when the image's pixel spacing is known.</summary>
    Measurement,

    /// <summary>A text at a point: x, y.</summary>
    Label,

    /// <summary>A remark on the whole image: no coordinates.</summary>
    Note,
}

/// <summary>The physical size of a pixel and the image's extent, as the instance's header gives them (any may be unknown).</summary>
public sealed record ImageGeometry(int? Rows, int? Columns, double? RowSpacingMm, double? ColumnSpacingMm);

/// <summary>
/// A radiologist's mark on one image (instance): coordinates are in pixels, column then row, from the top-left
/// corner of the first frame. Annotations are added, never edited: a correction is a new annotation.
/// </summary>
public sealed class Annotation : Entity
{
    public const int MaxTextLength = 2000;

    private Annotation(Guid instanceKey, AnnotationKind kind, IReadOnlyList<double> coordinates, string? text, string authorId)
    {
        InstanceKey = instanceKey;
        Kind = kind;
        Coordinates = coordinates;
        Text = text;
        AuthorId = authorId;
    }

    public Guid InstanceKey { get; private set; }

    public AnnotationKind Kind { get; private set; }

    public IReadOnlyList<double> Coordinates { get; private set; }

    public string? Text { get; private set; }

    /// <summary>A measurement's length, from the pixel spacing (0028,0030); null for other kinds or without spacing.</summary>
    public double? LengthMm { get; private set; }

    public string AuthorId { get; private set; }

    public static Annotation Create(Guid instanceKey, AnnotationKind kind, IReadOnlyList<double> coordinates, string? text, ImageGeometry image, string authorId)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(image);
        var expected = kind switch
        {
            AnnotationKind.Box or AnnotationKind.Measurement => 4,
            AnnotationKind.Label => 2,
            _ => 0,
        };
        if (coordinates.Count != expected)
        {
            throw new DomainException($"a {kind} annotation has {expected} coordinates; {coordinates.Count} were given");
        }

        if (kind is AnnotationKind.Label or AnnotationKind.Note && string.IsNullOrWhiteSpace(text))
        {
            throw new DomainException($"a {kind} annotation needs its text");
        }

        if (text is { Length: > MaxTextLength })
        {
            throw new DomainException($"an annotation's text has at most {MaxTextLength} characters");
        }

        var points = kind == AnnotationKind.Box
            ? [coordinates[0], coordinates[1], coordinates[0] + coordinates[2], coordinates[1] + coordinates[3]]
            : coordinates.ToArray();
        if (kind == AnnotationKind.Box && !(coordinates[2] > 0 && coordinates[3] > 0))
        {
            throw new DomainException("a box has a positive width and height");
        }

        for (var i = 0; i < points.Length; i += 2)
        {
            EnsureInside(points[i], points[i + 1], image);
        }

        return new Annotation(instanceKey, kind, coordinates.ToArray(), text, authorId)
        {
            LengthMm = kind == AnnotationKind.Measurement ? Length(coordinates, image) : null,
        };
    }

    private static void EnsureInside(double x, double y, ImageGeometry image)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y) || x < 0 || y < 0 || x > image.Columns || y > image.Rows)
        {
            throw new DomainException(
                $"point ({x}, {y}) lies outside the image ({image.Columns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} columns × {image.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} rows)");
        }
    }

    /// <summary>Pixel Spacing is row spacing (between rows, so along y) then column spacing (along x); PS3.3 10.7.1.3.</summary>
    private static double? Length(IReadOnlyList<double> line, ImageGeometry image) =>
        image is { RowSpacingMm: { } rowSpacing, ColumnSpacingMm: { } columnSpacing }
            ? Math.Sqrt(Math.Pow((line[2] - line[0]) * columnSpacing, 2) + Math.Pow((line[3] - line[1]) * rowSpacing, 2))
            : null;
}
