using MediatR;

namespace ClinicalImaging.Application.Studies.FindInstancesByAttribute;

/// <summary>
/// Instances whose stored header carries <see cref="Value"/> for the attribute <see cref="Tag"/> (8 hex digits,
/// e.g. 00180015 for Body Part Examined): any attribute of the header is searchable, indexed or not.
/// </summary>
public sealed record FindInstancesByAttributeQuery(string Tag, string Value, int Limit = FindInstancesByAttributeQuery.DefaultLimit)
    : IRequest<IReadOnlyList<InstanceView>>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}
