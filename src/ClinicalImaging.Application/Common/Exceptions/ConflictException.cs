namespace ClinicalImaging.Application.Common.Exceptions;

/// <summary>The request is well formed but contradicts what is already stored.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException(string message, string reasonCode) : base(message) => ReasonCode = reasonCode;

    public ConflictException() : this("The request conflicts with the stored state", "conflict") { }

    public ConflictException(string message) : this(message, "conflict") { }

    public ConflictException(string message, Exception innerException) : base(message, innerException) => ReasonCode = "conflict";

    /// <summary>A stable, documented code a client can act on (e.g. "instance-content-differs").</summary>
    public string ReasonCode { get; }
}
