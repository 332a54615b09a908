namespace ClinicalImaging.Domain.Common;

/// <summary>A domain invariant was violated by the caller's input. The message names what was wrong.</summary>
public class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException) { }

    public DomainException() { }
}
