namespace ClinicalImaging.Application.Common.Security;

/// <summary>
/// The access policy a request needs (a name from <see cref="AccessPolicies"/>). Every request of the application
/// carries one; <see cref="AuthorizationBehaviour{TRequest,TResponse}"/> enforces it for every caller.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresAccessAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}
