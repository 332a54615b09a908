using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.GetPacsStatus;

/// <summary>Whether the PACS answers, and what it is. No patient data: not audited.</summary>
[RequiresAccess(AccessPolicies.ImagingMetadataRead)]
public sealed record GetPacsStatusQuery : IRequest<PacsSystemInfo>;
