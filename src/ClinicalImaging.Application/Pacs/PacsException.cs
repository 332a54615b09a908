namespace ClinicalImaging.Application.Pacs;

public enum PacsFailure
{
    /// <summary>The PACS could not be reached, did not answer in time, or said it is unavailable (HTTP 503).</summary>
    Unreachable,

    /// <summary>The PACS refused this service's credentials (HTTP 401/403): its configuration needs fixing (HTTP 502).</summary>
    CredentialsRefused,

    /// <summary>The PACS answered with an error, or a DICOM operation it ran on our behalf failed (HTTP 502).</summary>
    Failed,
}

/// <summary>
/// The PACS failed us. The message names the PACS and the operation, and carries no patient data: it is shown to the
/// caller and logged.
/// </summary>
public sealed class PacsException : Exception
{
    public PacsException(PacsFailure failure, string message, Exception? innerException = null) : base(message, innerException) =>
        Failure = failure;

    public PacsFailure Failure { get; }
}
