using System.Linq.Expressions;
using ClinicalImaging.Application.Studies;
using ClinicalImaging.Domain.Studies;
using Microsoft.EntityFrameworkCore;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>An instance with its series and study: the join every read model of instances starts from.</summary>
internal sealed class InstanceRow
{
    public required Instance Instance { get; init; }

    public required Series Series { get; init; }

    public required Study Study { get; init; }
}

/// <summary>The instance read models' shared query parts; each caller orders the rows as its listing needs.</summary>
internal static class InstanceRows
{
    public static IQueryable<InstanceRow> Of(ClinicalImagingDbContext db, IQueryable<Instance> instances) =>
        from i in instances.AsNoTracking()
        join s in db.Series on i.SeriesKey equals s.Id
        join st in db.Studies on s.StudyKey equals st.Id
        select new InstanceRow { Instance = i, Series = s, Study = st };

    public static readonly Expression<Func<InstanceRow, InstanceView>> ToView = r => new InstanceView(
        r.Instance.Id,
        r.Instance.SopInstanceUid.Value,
        r.Instance.SopClassUid.Value,
        r.Instance.TransferSyntaxUid.Value,
        r.Series.SeriesInstanceUid.Value,
        r.Study.StudyInstanceUid.Value,
        r.Instance.InstanceNumber,
        r.Instance.Image,
        r.Instance.Acquisition,
        r.Instance.Cardiac,
        r.Instance.StoredObject.SizeBytes,
        r.Instance.CreatedAt);
}
