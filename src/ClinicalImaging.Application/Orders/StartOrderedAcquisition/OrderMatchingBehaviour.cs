using ClinicalImaging.Application.Ingest.RegisterInstance;
using MediatR;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Ingest's one link to orders, kept out of the ingest code: once a registration has created instances, the order
/// waiting for each of their studies (same accession number, same patient) starts, one attempt per study, through
/// <see cref="OrderMatcher"/> (best effort).
/// </summary>
public sealed class OrderMatchingBehaviour(OrderMatcher matcher) : IPipelineBehavior<RegisterInstancesCommand, IReadOnlyList<RegistrationResult>>
{
    public async Task<IReadOnlyList<RegistrationResult>> Handle(
        RegisterInstancesCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<IReadOnlyList<RegistrationResult>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var results = await next().ConfigureAwait(false);
        var studies = results.Select(r => r.Registration).Where(r => r?.Outcome == RegistrationOutcome.Created).Select(r => r!.StudyId).Distinct();
        foreach (var studyId in studies)
        {
            await matcher.MatchAsync(studyId, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }
}
