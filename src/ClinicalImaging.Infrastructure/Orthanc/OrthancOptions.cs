namespace ClinicalImaging.Infrastructure.Orthanc;

/// <summary>The Orthanc server this archive works beside (configuration section <c>Orthanc</c>).</summary>
public sealed class OrthancOptions
{
    public const string Section = "Orthanc";

    /// <summary>Orthanc's REST API, e.g. <c>http://orthanc:8042/</c>; null when no Orthanc is configured (calls then answer 503).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An Orthanc <c>RegisteredUsers</c> entry, sent as HTTP Basic authentication; none when null.</summary>
    public string? Username { get; set; }

    /// <summary>Never logged; give it through the environment (<c>Orthanc__Password</c>) or a secret store.</summary>
    public string? Password { get; set; }

    /// <summary>How long one call may take until Orthanc's answer starts (a download then streams without limit).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long Orthanc may take over work it does on our behalf: C-MOVE, anonymize, modify.</summary>
    public TimeSpan LongOperationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Further attempts of an idempotent call after a network failure or a 502/503/504 answer.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further one (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public OrthancChangeFeedOptions ChangeFeed { get; set; } = new();
}

/// <summary>The continuous import of studies from Orthanc's change log (section <c>Orthanc:ChangeFeed</c>).</summary>
public sealed class OrthancChangeFeedOptions
{
    /// <summary>Off by default: an archive imports everything its Orthanc holds only when told to.</summary>
    public bool Enabled { get; set; }

    /// <summary>The wait between reads once the log is read to its end, and after a failure.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Log entries read per step.</summary>
    public int BatchSize { get; set; } = 100;
}
