using System.Diagnostics;

namespace ClinicalImaging.Application.Common;

/// <summary>The application layer's activity source: one span per use case (see <c>TracingBehaviour</c>).</summary>
public static class ApplicationTracing
{
    public const string SourceName = "ClinicalImaging.Application";

    public static ActivitySource Source { get; } = new(SourceName);
}
