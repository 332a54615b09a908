using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Application.Pacs.ImportPacsStudy;
using MediatR;

namespace ClinicalImaging.Application.Pacs.ImportPacsChanges;

/// <summary>
/// One step of the continuous import: reads the PACS's change log after the durable cursor, imports each study that
/// became stable (<see cref="ImportPacsStudyCommand"/>, itself audited) and moves the cursor past every change handled.
/// Run it again while <see cref="PacsChangeImportResult.Done"/> is false.
/// </summary>
/// <param name="MaxChanges">How many log entries to read in this step.</param>
[RequiresAccess(AccessPolicies.PacsImport)]
public sealed record ImportPacsChangesCommand(int MaxChanges = ImportPacsChangesCommand.DefaultMaxChanges) : IRequest<PacsChangeImportResult>
{
    public const int DefaultMaxChanges = 100;
    public const int MaxMaxChanges = 10_000;
}

/// <param name="Cursor">The last change handled, after this step.</param>
/// <param name="ChangesRead">Log entries read in this step (of any type).</param>
/// <param name="StudiesImported">Stable studies imported in this step.</param>
/// <param name="Done">True when the step reached the end of the log.</param>
/// <param name="Restarted">True when the PACS's log was behind the cursor (its database was replaced) and the cursor went back to 0.</param>
public sealed record PacsChangeImportResult(long Cursor, int ChangesRead, int StudiesImported, bool Done, bool Restarted);
