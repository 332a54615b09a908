using ClinicalImaging.Application.Audit;
using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.QueryPacsModality;

/// <summary>
/// C-FIND at study level from the PACS to one of its remote modalities: what that modality holds, with patient
/// demographics, so that a study can then be retrieved by its Study Instance UID.
/// </summary>
/// <param name="Modality">The remote modality as the PACS names it in its configuration.</param>
[RequiresAccess(AccessPolicies.PatientDataRead)]
public sealed record QueryPacsModalityQuery(string Modality, PacsStudyQuery Query) : IRequest<IReadOnlyList<PacsQueryAnswer>>, IAuditedRequest
{
    public AuditKind AuditKind => AuditKind.Read;

    public string AuditAction => AuditActions.PacsModalityQuery;

    public string AuditResourceType => "PacsModality";

    /// <summary>The modality, never the searched values (patient data).</summary>
    public IReadOnlyList<string> AuditResourceIds => [Modality];
}
