namespace ClinicalImaging.Application.Common.Exceptions;

/// <summary>The named resource does not exist (or the caller may not know that it does).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException(string resource, string key) : base($"{resource} '{key}' was not found")
    {
        Resource = resource;
    }

    public NotFoundException() : this("Resource", string.Empty) { }

    public NotFoundException(string message) : base(message) => Resource = "Resource";

    public NotFoundException(string message, Exception innerException) : base(message, innerException) => Resource = "Resource";

    public string Resource { get; }
}
