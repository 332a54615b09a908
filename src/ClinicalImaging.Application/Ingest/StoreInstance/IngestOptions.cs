namespace ClinicalImaging.Application.Ingest.StoreInstance;

/// <summary>Limits for incoming objects (configuration section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest single object accepted, in bytes; larger ones fail with <see cref="StowFailureReasons.OutOfResources"/>.</summary>
    public long MaxObjectBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The largest whole request (upload or STOW body), in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>
    /// How many objects are indexed in one transaction (decisions 0812, 0813), from one request or several: fewer round
    /// trips and commits per object, while a failure or a crash costs at most one group's registrations (their objects
    /// are swept).
    /// </summary>
    public int RegistrationBatchSize { get; set; } = 50;

    /// <summary>
    /// How many index transactions register objects at once (decisions 0813, 0814, 0816). A patient's registrations
    /// stay with one writer while any are outstanding, a patient without goes to the least busy writer; each writer
    /// takes every registration waiting for its patients, whichever request it came from, up to
    /// <see cref="RegistrationBatchSize"/> objects.
    /// </summary>
    public int RegistrationWriters { get; set; } = 2;
}
