using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

/// <summary>
/// Files an already stored object in the archive index: Patient → Study → Series → Instance.
/// The store records the audit event inside the registration's transaction.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingWrite)]
public sealed record RegisterInstanceCommand(InstanceMetadata Metadata) : IRequest<InstanceRegistration>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Change;

    public string AuditAction => AuditActions.InstanceRegister;

    public string AuditResourceType => "Instance";

    public IReadOnlyList<string> AuditResourceIds => Metadata is null ? [] : [Metadata.SopInstanceUid, Metadata.StudyInstanceUid];
}

public enum RegistrationOutcome
{
    /// <summary>The instance is new and now indexed.</summary>
    Created,

    /// <summary>The same SOP instance with the same bytes was already indexed: success, nothing changed.</summary>
    AlreadyStored,
}

public sealed record InstanceRegistration(Guid InstanceId, Guid StudyId, RegistrationOutcome Outcome);
