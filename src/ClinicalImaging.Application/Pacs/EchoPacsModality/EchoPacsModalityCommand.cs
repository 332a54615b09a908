using ClinicalImaging.Application.Common.Security;
using MediatR;

namespace ClinicalImaging.Application.Pacs.EchoPacsModality;

/// <summary>
/// C-ECHO from the PACS to one of its remote modalities: is the DICOM link up? No patient data; open to those who
/// operate the PACS link (the retrieve policy).
/// </summary>
/// <param name="Modality">The remote modality as the PACS names it in its configuration.</param>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record EchoPacsModalityCommand(string Modality) : IRequest<PacsEchoResult>;

/// <param name="Succeeded">False when the modality did not answer (or refused) the C-ECHO.</param>
public sealed record PacsEchoResult(string Modality, bool Succeeded);
