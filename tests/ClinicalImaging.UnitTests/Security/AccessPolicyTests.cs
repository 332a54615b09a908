using ClinicalImaging.Application.Common.Security;
using Xunit;

namespace ClinicalImaging.UnitTests.Security;

public sealed class AccessPolicyTests
{
    [Fact]
    public void Metrics_are_open_to_admins_and_to_keys_with_the_metrics_scope_only()
    {
        var metrics = AccessPolicies.Get(AccessPolicies.Metrics);

        Assert.True(metrics.IsSatisfiedBy(new TestUser(true, Roles.Admin)));
        Assert.True(metrics.IsSatisfiedBy(new ScopedCaller(Scopes.Metrics)));
        Assert.False(metrics.IsSatisfiedBy(new TestUser(true, Roles.Radiologist)));
        Assert.False(metrics.IsSatisfiedBy(new TestUser(false, Roles.Admin)));
    }

    [Fact]
    public void Every_policy_names_only_known_roles_and_scopes_and_research_is_in_its_own_only()
    {
        Assert.All(AccessPolicies.ByName.Values, policy =>
        {
            Assert.Subset(Roles.All.ToHashSet(), policy.Roles.ToHashSet());
            Assert.Subset(Scopes.All.ToHashSet(), policy.Scopes.ToHashSet());
            Assert.Equal(policy.Name == AccessPolicies.ResearchRead, policy.Roles.Contains(Roles.Research));
        });
        Assert.Equal([Roles.Research], AccessPolicies.Get(AccessPolicies.ResearchRead).Roles);
        Assert.Empty(AccessPolicies.Get(AccessPolicies.ResearchRead).Scopes);
    }

    [Fact]
    public void An_unknown_policy_name_is_a_programming_error_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AccessPolicies.Get("studies.everything"));

        Assert.Contains("'studies.everything'", error.Message, StringComparison.Ordinal);
    }

    private sealed class ScopedCaller(params string[] scopes) : ICurrentUser
    {
        public ActorKind Kind => ActorKind.ApiKey;

        public bool IsAuthenticated => true;

        public string ActorId => "apikey:test";

        public string? DisplayName => "scraper";

        public IReadOnlySet<string> Roles { get; } = new HashSet<string>();

        public IReadOnlySet<string> Scopes { get; } = scopes.ToHashSet();
    }
}
