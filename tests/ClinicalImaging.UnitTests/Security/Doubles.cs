using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;

namespace ClinicalImaging.UnitTests.Security;

/// <summary>An audit trail that keeps records in memory, or fails every write when told to.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    public List<AuditRecord> Records { get; } = [];

    public bool Fails { get; init; }

    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        if (Fails)
        {
            throw new InvalidOperationException("audit store down");
        }

        Records.Add(record);
        return Task.CompletedTask;
    }

    public Task<AuditPage> SearchAsync(AuditSearch search, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A remote caller with the given roles (none: anonymous).</summary>
internal sealed class TestUser(bool authenticated, params string[] roles) : ICurrentUser
{
    public ActorKind Kind => ActorKind.User;

    public bool IsAuthenticated => authenticated;

    public string ActorId => "test-user";

    public string? DisplayName => "Test User";

    public IReadOnlySet<string> Roles { get; } = roles.ToHashSet();

    public IReadOnlySet<string> Scopes { get; } = new HashSet<string>();
}
