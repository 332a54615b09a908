namespace ClinicalImaging.Application.Synthetic;

/// <summary>
/// Anatomically inspired pixel data, not noise: ellipses of tissue, fat, lung and bone with the values each modality
/// gives them (Hounsfield units for CT, relative T1 signal for MR, attenuation for projections, echogenicity and
/// speckle for ultrasound). Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static class Phantom
{
    /// <summary>A CT slice in HU at relative position <paramref name="z"/> (0..1) along the series.</summary>
    public static void CtSlice(Span<short> hu, int rows, int columns, string bodyPart, double z, Random random) =>
        CrossSection(hu, rows, columns, bodyPart, z, random, CtValues, noise: 8);

    /// <summary>An MR slice (T1-like relative signal, 0..~1000).</summary>
    public static void MrSlice(Span<short> signal, int rows, int columns, string bodyPart, double z, Random random) =>
        CrossSection(signal, rows, columns, bodyPart, z, random, MrValues, noise: 12);

    private enum Tissue { Air, Fat, Soft, Muscle, Liver, Kidney, Lung, Bone, Brain, Fluid, Blood }

    private static short CtValues(Tissue tissue) => tissue switch
    {
        Tissue.Air => -1000, Tissue.Fat => -100, Tissue.Soft => 40, Tissue.Muscle => 50, Tissue.Liver => 60,
        Tissue.Kidney => 30, Tissue.Lung => -850, Tissue.Bone => 900, Tissue.Brain => 35, Tissue.Fluid => 5, _ => 45,
    };

    private static short MrValues(Tissue tissue) => tissue switch
    {
        Tissue.Air => 0, Tissue.Fat => 900, Tissue.Soft => 420, Tissue.Muscle => 350, Tissue.Liver => 480,
        Tissue.Kidney => 380, Tissue.Lung => 30, Tissue.Bone => 60, Tissue.Brain => 600, Tissue.Fluid => 150, _ => 200,
    };

    private static void CrossSection(Span<short> pixels, int rows, int columns, string bodyPart, double z, Random random, Func<Tissue, short> value, double noise)
    {
        // The body narrows towards the ends of the scanned range.
        var taper = Math.Sqrt(1 - (0.35 * Math.Pow((2 * z) - 1, 2)));
        var region = Region(bodyPart);
        for (var y = 0; y < rows; y++)
        {
            var v = ((2.0 * y) / rows) - 1;
            for (var x = 0; x < columns; x++)
            {
                var u = ((2.0 * x) / columns) - 1;
                var tissue = region switch
                {
                    BodyRegion.Head => HeadTissue(u, v, taper),
                    BodyRegion.Chest => ChestTissue(u, v, taper, z),
                    _ => AbdomenTissue(u, v, taper, z),
                };
                pixels[(y * columns) + x] = (short)Math.Round(value(tissue) + (tissue == Tissue.Air ? 0 : noise * Gaussian(random)));
            }
        }
    }

    private static Tissue HeadTissue(double u, double v, double taper)
    {
        var skull = Ellipse(u, v, 0, 0, 0.72 * taper, 0.88 * taper);
        if (skull > 1)
        {
            return Tissue.Air;
        }

        if (Ellipse(u, v, 0, 0, 0.64 * taper, 0.8 * taper) > 1)
        {
            return Tissue.Bone;
        }

        return Ellipse(u, v, -0.12, -0.05, 0.06, 0.22 * taper) <= 1 || Ellipse(u, v, 0.12, -0.05, 0.06, 0.22 * taper) <= 1 ? Tissue.Fluid : Tissue.Brain;
    }

    private static Tissue ChestTissue(double u, double v, double taper, double z)
    {
        if (Ellipse(u, v, 0, 0.05, 0.88 * taper, 0.62 * taper) > 1)
        {
            return Tissue.Air;
        }

        if (Ellipse(u, v, 0, 0.05, 0.82 * taper, 0.56 * taper) > 1)
        {
            return Tissue.Fat;
        }

        if (Circle(u, v, 0, 0.45, 0.09) || Rib(u, v, taper))
        {
            return Tissue.Bone;
        }

        if (Circle(u, v, -0.06, 0.28, 0.05))
        {
            return Tissue.Blood;
        }

        if (z > 0.3 && z < 0.8 && Ellipse(u, v, 0.1, 0.02, 0.24, 0.2) <= 1)
        {
            return Tissue.Muscle;
        }

        return Ellipse(u, v, -0.4 * taper, 0.02, 0.3 * taper, 0.42 * taper) <= 1 || Ellipse(u, v, 0.4 * taper, 0.02, 0.3 * taper, 0.42 * taper) <= 1 ? Tissue.Lung : Tissue.Soft;
    }

    private static Tissue AbdomenTissue(double u, double v, double taper, double z)
    {
        if (Ellipse(u, v, 0, 0.05, 0.85 * taper, 0.62 * taper) > 1)
        {
            return Tissue.Air;
        }

        if (Ellipse(u, v, 0, 0.05, 0.78 * taper, 0.55 * taper) > 1)
        {
            return Tissue.Fat;
        }

        if (Circle(u, v, 0, 0.45, 0.09))
        {
            return Tissue.Bone;
        }

        if (Circle(u, v, -0.32, 0.3, 0.11 * taper) || Circle(u, v, 0.32, 0.3, 0.11 * taper))
        {
            return Tissue.Kidney;
        }

        return z < 0.6 && Ellipse(u, v, -0.35, -0.05, 0.36, 0.3) <= 1 ? Tissue.Liver : Tissue.Muscle;
    }

    /// <summary>A radiograph: attenuation along the beam, brighter where more tissue and bone lie in the path (MONOCHROME2).</summary>
    public static void Projection(Span<ushort> pixels, int rows, int columns, string bodyPart, int maxValue, Random random)
    {
        var chest = Region(bodyPart) == BodyRegion.Chest;
        for (var y = 0; y < rows; y++)
        {
            var v = ((2.0 * y) / rows) - 1;
            for (var x = 0; x < columns; x++)
            {
                var u = ((2.0 * x) / columns) - 1;
                var attenuation = 0.0;
                attenuation += 1.0 * Chord(u, v, 0, 0.05, 0.8, 0.95);
                if (chest)
                {
                    attenuation -= 0.55 * Chord(u, v, -0.38, -0.05, 0.3, 0.62) + (0.55 * Chord(u, v, 0.38, -0.05, 0.3, 0.62));
                    attenuation += 0.5 * Chord(u, v, 0.06, 0.2, 0.28, 0.3);
                    attenuation += RibShadow(u, v) + (0.3 * Chord(u, v, 0, 0, 0.07, 0.95));
                }
                else
                {
                    attenuation += 0.9 * Chord(u, v, -0.25, 0, 0.09, 0.9) + (0.9 * Chord(u, v, 0.25, 0, 0.09, 0.9));
                }

                var intensity = Math.Clamp(0.08 + (0.7 * attenuation) + (0.01 * Gaussian(random)), 0, 1);
                pixels[(y * columns) + x] = (ushort)Math.Round(intensity * maxValue);
            }
        }
    }

    /// <summary>
    /// A left lateral radiograph (anterior to the left of the image, posterior to the right): the overlapping lungs,
    /// the heart in front and low, the sternum, and the spine's vertebral bodies behind; other regions a soft-tissue
    /// profile with the spine.
    /// </summary>
    public static void LateralProjection(Span<ushort> pixels, int rows, int columns, string bodyPart, int maxValue, Random random)
    {
        var chest = Region(bodyPart) == BodyRegion.Chest;
        for (var y = 0; y < rows; y++)
        {
            var v = ((2.0 * y) / rows) - 1;
            for (var x = 0; x < columns; x++)
            {
                var u = ((2.0 * x) / columns) - 1;
                var attenuation = 1.1 * Chord(u, v, 0, 0.05, 0.72, 0.95);
                // Vertebral bodies: blocks along the back, with brighter end plates between them.
                var vertebra = Math.Abs(Math.Sin((v + 1) * Math.PI * 6)) > 0.2 ? 0.45 : 0.6;
                attenuation += vertebra * Chord(u, v, 0.5, 0.05, 0.12, 0.95);
                if (chest)
                {
                    attenuation -= 0.85 * Chord(u, v, 0.05, -0.08, 0.5, 0.62);
                    attenuation += 0.55 * Chord(u, v, -0.22, 0.22, 0.3, 0.3);
                    attenuation += 0.25 * Chord(u, v, -0.64, -0.05, 0.04, 0.5);
                }

                var intensity = Math.Clamp(0.08 + (0.6 * attenuation) + (0.01 * Gaussian(random)), 0, 1);
                pixels[(y * columns) + x] = (ushort)Math.Round(intensity * maxValue);
            }
        }
    }

    /// <summary>A mammogram: the compressed breast against the chest wall, fibroglandular blobs, a thin skin line.</summary>
    public static void Mammogram(Span<ushort> pixels, int rows, int columns, bool chestWallOnLeft, int maxValue, Random random)
    {
        var blobs = Enumerable.Range(0, 14).Select(_ => (U: random.NextDouble() * 0.55, V: (random.NextDouble() * 1.2) - 0.6, R: 0.05 + (random.NextDouble() * 0.12))).ToArray();
        for (var y = 0; y < rows; y++)
        {
            var v = ((2.0 * y) / rows) - 1;
            for (var x = 0; x < columns; x++)
            {
                // u: distance from the chest wall, 0..1 across the image.
                var u = chestWallOnLeft ? (double)x / columns : 1 - ((double)x / columns);
                var shape = ((u / 0.75) * (u / 0.75)) + ((v / 0.85) * (v / 0.85));
                double intensity;
                if (shape > 1)
                {
                    intensity = 0.02;
                }
                else
                {
                    var dense = blobs.Sum(b => Math.Exp(-(((u - b.U) * (u - b.U)) + ((v - b.V) * (v - b.V))) / (2 * b.R * b.R)));
                    intensity = 0.35 + (0.25 * Math.Min(dense, 1.6)) + (shape > 0.96 ? 0.15 : 0) + (0.015 * Gaussian(random));
                }

                pixels[(y * columns) + x] = (ushort)Math.Round(Math.Clamp(intensity, 0, 1) * maxValue);
            }
        }
    }

    /// <summary>A B-mode frame: the fan of a curved probe, speckle, a capsule line and an anechoic cyst.</summary>
    public static void Ultrasound(Span<byte> pixels, int rows, int columns, double phase, Random random)
    {
        const double halfAngle = 35 * Math.PI / 180;
        var cystDepth = 0.55 + (0.1 * Math.Sin(phase * Math.PI));
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var dx = (x - (columns / 2.0)) / rows;
                var depth = (y + (0.1 * rows)) / rows;
                var radius = Math.Sqrt((dx * dx) + (depth * depth));
                var angle = Math.Atan2(dx, depth);
                if (Math.Abs(angle) > halfAngle || radius < 0.12 || radius > 1.0)
                {
                    pixels[(y * columns) + x] = 0;
                    continue;
                }

                var echo = 0.45 - (0.2 * radius);
                if (Math.Abs(radius - 0.3 - (0.03 * Math.Sin(angle * 6))) < 0.008)
                {
                    echo = 0.95;
                }

                if (Ellipse(angle / halfAngle, radius, 0.2, cystDepth, 0.22, 0.08) <= 1)
                {
                    echo = 0.03;
                }

                // Rayleigh-distributed speckle.
                var speckle = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) / 1.25;
                pixels[(y * columns) + x] = (byte)Math.Clamp(Math.Round(255 * echo * speckle), 0, 255);
            }
        }
    }

    private enum BodyRegion { Head, Chest, Abdomen }

    private static BodyRegion Region(string bodyPart) => bodyPart switch
    {
        "HEAD" or "BRAIN" or "SKULL" or "HEADNECK" => BodyRegion.Head,
        "CHEST" or "THORAX" or "LUNG" or "HEART" or "CHESTABDOMEN" or "CHESTABDPELVIS" or "BREAST" => BodyRegion.Chest,
        _ => BodyRegion.Abdomen,
    };

    private static double Ellipse(double u, double v, double cu, double cv, double a, double b) =>
        (((u - cu) / a) * ((u - cu) / a)) + (((v - cv) / b) * ((v - cv) / b));

    private static bool Circle(double u, double v, double cu, double cv, double r) => Ellipse(u, v, cu, cv, r, r) <= 1;

    private static bool Rib(double u, double v, double taper)
    {
        var ring = Math.Sqrt(Ellipse(u, v, 0, 0.05, 0.78 * taper, 0.52 * taper));
        return ring is > 0.93 and < 1.0 && Math.Abs(Math.Sin(Math.Atan2(v, u) * 7)) > 0.8;
    }

    /// <summary>The normalised path length of a vertical beam through an ellipse at (u, v): 0 outside, 1 through its middle.</summary>
    private static double Chord(double u, double v, double cu, double cv, double a, double b)
    {
        var inside = 1 - Ellipse(u, v, cu, cv, a, b);
        return inside <= 0 ? 0 : Math.Sqrt(inside);
    }

    private static double RibShadow(double u, double v)
    {
        // Ribs: arcs sloping down from the spine, a band every tenth of the height over the lungs.
        var arc = v + (0.25 * u * u);
        var band = Math.Abs(Math.Sin(arc * Math.PI * 5.5));
        return Math.Abs(u) is > 0.08 and < 0.75 && v is > -0.7 and < 0.55 && band > 0.92 ? 0.18 : 0;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
