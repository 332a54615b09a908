namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>Limits for incoming objects (configuration section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest single object accepted, in bytes; larger ones fail with <see cref="StowFailureReasons.OutOfResources"/>.</summary>
    public long MaxObjectBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The largest whole request (upload or STOW body), in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16L * 1024 * 1024 * 1024;
}
