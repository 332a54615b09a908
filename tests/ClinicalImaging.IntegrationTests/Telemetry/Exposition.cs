using System.Globalization;
using System.Text.RegularExpressions;

namespace ClinicalImaging.IntegrationTests.Telemetry;

/// <summary>
/// A scrape read back for assertions: metric families (TYPE lines) and samples. The format itself is checked by
/// promtool; this only needs to find what a test looks for.
/// </summary>
internal sealed partial class Exposition
{
    private Exposition(Dictionary<string, string> types, List<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name → counter, gauge or histogram.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (!line.StartsWith('#'))
            {
                var match = SampleLine().Match(line);
                if (!match.Success)
                {
                    throw new FormatException($"Not a sample line: {line}");
                }

                var labels = LabelPair().Matches(match.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
                var value = match.Groups["value"].Value switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    var number => double.Parse(number, CultureInfo.InvariantCulture),
                };
                samples.Add(new Sample(match.Groups["name"].Value, labels, value));
            }
        }

        return new Exposition(types, samples);
    }

    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The sample with exactly these labels among its labels (others ignored), or null.</summary>
    public Sample? Find(string name, params (string Label, string Value)[] labels) =>
        Named(name).SingleOrDefault(s => labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();
}
