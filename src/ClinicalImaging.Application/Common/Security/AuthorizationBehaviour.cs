using System.Collections.Concurrent;
using System.Reflection;
using MediatR;

namespace ClinicalImaging.Application.Common.Security;

/// <summary>
/// Enforces each request's <see cref="RequiresAccessAttribute"/> policy before validation or the handler run. A
/// request without a policy is a programming error and is refused, so no use case can be born unprotected.
/// </summary>
public sealed class AuthorizationBehaviour<TRequest, TResponse>(ICurrentUser user) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var policy = RequestPolicies.For(typeof(TRequest));
        if (!user.IsAuthenticated)
        {
            throw new UnauthenticatedException();
        }

        return policy.IsSatisfiedBy(user) ? next() : throw new ForbiddenAccessException(policy.Name);
    }
}

/// <summary>The policy each request type declares, read once per type.</summary>
public static class RequestPolicies
{
    private static readonly ConcurrentDictionary<Type, AccessPolicy> Cache = new();

    public static AccessPolicy For(Type requestType) => Cache.GetOrAdd(requestType, static type =>
        type.GetCustomAttribute<RequiresAccessAttribute>() is { } attribute
            ? AccessPolicies.Get(attribute.Policy)
            : throw new InvalidOperationException($"{type.Name} declares no access policy ([RequiresAccess])"));
}
