using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// The model's value converters hold the PHI protector, so one model is cached per protector instance: a process
/// (one keyring) builds it once; tests with several keyrings get one model each.
/// </summary>
internal sealed class ProtectorModelCacheKey : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is ClinicalImagingDbContext archive ? (context.GetType(), archive.Protector, designTime) : (context.GetType(), designTime);
}
