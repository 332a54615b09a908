using ClinicalImaging.Application.Ingest.RegisterInstance;
using MediatR;

namespace ClinicalImaging.Application.Orders.StartOrderedAcquisition;

/// <summary>
/// Ingest's one link to orders, kept out of the ingest code: once a registration has created instances, the order
/// waiting for each of their studies (same accession number, same patient) starts, one attempt per study, through
/// <see cref="OrderMatcher"/> (best effort). Orders match by accession number (decision 1101), so only objects that
/// carry one try; the next such object of the study retries a failed attempt.
/// </summary>
public sealed class OrderMatchingBehaviour(OrderMatcher matcher) : IPipelineBehavior<RegisterInstancesCommand, IReadOnlyList<RegistrationResult>>
{
    public async Task<IReadOnlyList<RegistrationResult>> Handle(
        RegisterInstancesCommand request, CancellationToken cancellationToken, RequestHandlerDelegate<IReadOnlyList<RegistrationResult>> next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var results = await next().ConfigureAwait(false);
        var studies = request.Instances.Zip(results)
            .Where(pair => pair.Second.Registration?.Outcome == RegistrationOutcome.Created && !string.IsNullOrEmpty(pair.First.Study.AccessionNumber))
            .Select(pair => pair.Second.Registration!.StudyId)
            .Distinct();
        foreach (var studyId in studies)
        {
            await matcher.MatchAsync(studyId, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }
}
