using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

/// <summary>
/// Files already stored objects in the archive index (Patient → Study → Series → Instance), all of them in one
/// transaction when they fit together. An object refused for a reason of its own (a conflict, a hierarchy mismatch)
/// comes back as a refusal without spoiling the others. The store records the audit event inside the transaction.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record RegisterInstancesCommand(IReadOnlyList<InstanceMetadata> Instances) : IRequest<IReadOnlyList<RegistrationResult>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.InstanceRegister;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Instances is null ? [] : RegistrationAuditIds.Of(Instances);
}

public enum RegistrationOutcome
{
    /// <summary>The instance is new and now indexed.</summary>
    Created,

    /// <summary>The same SOP instance with the same bytes was already indexed: success, nothing changed.</summary>
    AlreadyStored,
}

public sealed record InstanceRegistration(Guid InstanceId, Guid StudyId, RegistrationOutcome Outcome);

/// <summary>
/// One object's registration: <see cref="Registration"/> when it is indexed, else <see cref="Refusal"/> (a
/// <c>ConflictException</c> or a <c>DomainException</c> naming what was wrong), and nothing of it was written.
/// </summary>
public sealed record RegistrationResult(InstanceRegistration? Registration, Exception? Refusal)
{
    public static RegistrationResult Registered(InstanceRegistration registration) => new(registration, null);

    public static RegistrationResult Refused(Exception refusal) => new(null, refusal);
}

/// <summary>The ids an audit event of a registration names: each study, then each SOP instance.</summary>
public static class RegistrationAuditIds
{
    public static IReadOnlyList<string> Of(IEnumerable<InstanceMetadata> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var list = instances.ToList();
        return [.. list.Select(m => m.StudyInstanceUid).Distinct(StringComparer.Ordinal), .. list.Select(m => m.SopInstanceUid)];
    }
}
