namespace ClinicalImaging.Application.Common.Security;

/// <summary>The caller is authenticated but its roles do not satisfy the policy (HTTP 403).</summary>
public sealed class ForbiddenAccessException : Exception
{
    public ForbiddenAccessException(string policy) : base($"Access requires the '{policy}' permission") => Policy = policy;

    public ForbiddenAccessException() : this("unknown") { }

    public ForbiddenAccessException(string message, Exception innerException) : base(message, innerException) => Policy = "unknown";

    public string Policy { get; }
}

/// <summary>The caller presented no valid credentials (HTTP 401).</summary>
public sealed class UnauthenticatedException : Exception
{
    public UnauthenticatedException() : base("Authentication is required") { }

    public UnauthenticatedException(string message) : base(message) { }

    public UnauthenticatedException(string message, Exception innerException) : base(message, innerException) { }
}
