namespace ClinicalImaging.Application.Common.Exceptions;

/// <summary>
/// One object's content could not be read to its end for a reason of its own (a damaged ZIP entry): that object fails
/// as not understood, and the request goes on with the next.
/// </summary>
public sealed class UnreadableObjectException : Exception
{
    public UnreadableObjectException() { }

    public UnreadableObjectException(string message) : base(message) { }

    public UnreadableObjectException(string message, Exception innerException) : base(message, innerException) { }
}
