namespace ClinicalImaging.Infrastructure.Inference.Preprocessing;

/// <summary>
/// Where an image lands in the square model input after the aspect-preserving resize and centred padding: original
/// pixel (x, y) maps to input (x · ScaleX + Left, y · ScaleY + Top), in pixel-edge coordinates.
/// </summary>
public sealed record LetterboxGeometry(int SourceRows, int SourceColumns, int InputSize, int ResizedRows, int ResizedColumns, int Top, int Left)
{
    public double ScaleX => (double)ResizedColumns / SourceColumns;

    public double ScaleY => (double)ResizedRows / SourceRows;

    /// <summary>
    /// The longer side becomes <paramref name="inputSize"/>, the shorter round-half-to-even of its scaled extent
    /// (Python's round, as the reference preprocessing does); padding before = (size − resized) / 2, floored.
    /// </summary>
    public static LetterboxGeometry For(int rows, int columns, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        var longer = (double)Math.Max(rows, columns);
        var resizedRows = Math.Max(1, (int)Math.Round(rows * inputSize / longer, MidpointRounding.ToEven));
        var resizedColumns = Math.Max(1, (int)Math.Round(columns * inputSize / longer, MidpointRounding.ToEven));
        return new LetterboxGeometry(rows, columns, inputSize, resizedRows, resizedColumns, (inputSize - resizedRows) / 2, (inputSize - resizedColumns) / 2);
    }

    /// <summary>The input-grid position (pixel centres at i + 0.5) of the centre of original pixel (x, y), as a sample coordinate.</summary>
    public (double X, double Y) OriginalPixelToInput(int x, int y) =>
        (((x + 0.5) * ScaleX) + Left - 0.5, ((y + 0.5) * ScaleY) + Top - 0.5);
}
