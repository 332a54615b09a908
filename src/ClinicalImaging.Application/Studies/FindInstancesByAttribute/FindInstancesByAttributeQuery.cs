using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Studies.FindInstancesByAttribute;

/// <summary>
/// Instances whose stored header carries <see cref="Value"/> for the attribute <see cref="Tag"/> (8 hex digits,
/// e.g. 00180015 for Body Part Examined): any attribute of the header is searchable, indexed or not.
/// Direct identifiers (<see cref="DirectIdentifiers"/>) are not stored in headers, so they are not searchable here.
/// </summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record FindInstancesByAttributeQuery(string Tag, string Value, int Limit = FindInstancesByAttributeQuery.DefaultLimit)
    : IRequest<IReadOnlyList<InstanceView>>, IAuditedRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.InstanceSearch;

    public string AuditResourceType => "Instance";

    /// <summary>The searched tag only: the searched value may be anything a user typed.</summary>
    public IReadOnlyList<string> AuditResourceIds => [$"tag:{Tag}"];
}
