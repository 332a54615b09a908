using ClinicalImaging.Application.Ingest.RegisterInstance;
using MediatR;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Ingest's one link to orders, kept out of the ingest code: after an instance is newly registered, the order waiting
/// for its study (same accession number, same patient) starts, through <see cref="OrderMatcher"/> (best effort).
/// </summary>
public sealed class OrderMatchingBehaviour(OrderMatcher matcher) : IPipelineBehavior<RegisterInstanceCommand, InstanceRegistration>
{
    public async Task<InstanceRegistration> Handle(
        RegisterInstanceCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<InstanceRegistration> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var registration = await next().ConfigureAwait(false);
        if (registration.Outcome == RegistrationOutcome.Created)
        {
            await matcher.MatchAsync(registration.StudyId, cancellationToken).ConfigureAwait(false);
        }

        return registration;
    }
}
