namespace ClinicalImaging.Application.Inference;

/// <summary>
/// The CAM method names callers type (API parameters, CLI options): <c>gradcam</c>, <c>gradcam++</c>, <c>xgradcam</c>,
/// <c>layercam</c>, <c>scorecam</c>, <c>eigencam</c>. Case, hyphens and underscores are ignored, so the enum's own
/// names (<c>GradCamPlusPlus</c>) and pytorch-grad-cam's (<c>GradCAM++</c>) are accepted too.
/// </summary>
public static class CamMethodParser
{
    private static readonly Dictionary<string, CamMethod> s_byKey = Enum.GetValues<CamMethod>()
        .ToDictionary(method => Key(method.ToString()), method => method, StringComparer.Ordinal);

    /// <summary>The short names, in the enum's order, for help texts and messages.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<CamMethod>().Select(Name).ToArray();

    /// <summary>The short name of a method, e.g. <c>gradcam++</c>.</summary>
    public static string Name(CamMethod method) => Key(method.ToString()).Replace("plusplus", "++", StringComparison.Ordinal);

    public static bool TryParse(string? text, out CamMethod method)
    {
        method = default;
        return !string.IsNullOrWhiteSpace(text) && s_byKey.TryGetValue(Key(text), out method);
    }

    private static string Key(string name) =>
        name.Trim().ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)
            .Replace("++", "plusplus", StringComparison.Ordinal);
}
