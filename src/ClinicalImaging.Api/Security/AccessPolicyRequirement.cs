using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ClinicalImaging.Api.Security;

/// <summary>An endpoint policy backed by the application's <see cref="AccessPolicies"/> table: HTTP and pipeline decide alike.</summary>
internal sealed class AccessPolicyRequirement(AccessPolicy policy) : IAuthorizationRequirement
{
    public AccessPolicy Policy { get; } = policy;
}

internal sealed class AccessPolicyHandler(IOptions<JwtOptions> jwt) : AuthorizationHandler<AccessPolicyRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessPolicyRequirement requirement)
    {
        if (requirement.Policy.IsSatisfiedBy(ClaimsCurrentUser.From(context.User, jwt.Value)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
