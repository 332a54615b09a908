namespace ClinicalImaging.Api.Endpoints;

/// <summary>
/// The body of a workflow change that carries nothing but the version of the resource it was based on (optimistic
/// concurrency: a stale version gets 409 <c>version-conflict</c>). Every workflow view shows its current version.
/// </summary>
internal sealed record VersionedRequest(int Version);
