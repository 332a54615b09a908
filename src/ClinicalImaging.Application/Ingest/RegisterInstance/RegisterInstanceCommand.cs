using MediatR;

namespace ClinicalImaging.Application.Ingest.RegisterInstance;

/// <summary>Files an already stored object in the archive index: Patient → Study → Series → Instance.</summary>
public sealed record RegisterInstanceCommand(InstanceMetadata Metadata) : IRequest<InstanceRegistration>;

public enum RegistrationOutcome
{
    /// <summary>The instance is new and now indexed.</summary>
    Created,

    /// <summary>The same SOP instance with the same bytes was already indexed: success, nothing changed.</summary>
    AlreadyStored,
}

public sealed record InstanceRegistration(Guid InstanceId, Guid StudyId, RegistrationOutcome Outcome);
