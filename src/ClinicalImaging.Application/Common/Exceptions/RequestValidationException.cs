namespace ClinicalImaging.Application.Common.Exceptions;

/// <summary>The request failed validation; <see cref="Errors"/> maps each offending field to what was wrong.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more validation errors occurred: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
    {
        Errors = errors;
    }

    public RequestValidationException() : this(new Dictionary<string, string[]>()) { }

    public RequestValidationException(string message) : base(message) => Errors = new Dictionary<string, string[]>();

    public RequestValidationException(string message, Exception innerException) : base(message, innerException) =>
        Errors = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
