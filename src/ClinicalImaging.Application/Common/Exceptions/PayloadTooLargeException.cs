namespace ClinicalImaging.Application.Common.Exceptions;

/// <summary>A request body or one of its parts exceeded the configured size limit (HTTP 413).</summary>
public sealed class PayloadTooLargeException : Exception
{
    public PayloadTooLargeException(long limitBytes) : base($"the content exceeds the limit of {limitBytes} bytes") => LimitBytes = limitBytes;

    public PayloadTooLargeException() : this(0) { }

    public PayloadTooLargeException(string message) : base(message) { }

    public PayloadTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    public long LimitBytes { get; }
}
