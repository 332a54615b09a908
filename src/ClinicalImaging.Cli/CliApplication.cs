using System.CommandLine;
using ClinicalImaging.Cli.Commands;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Imaging;
using ClinicalImaging.Domain.Common;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Cli;

/// <summary>The clinimg command tree, separate from Main so that tests can run it in-process.</summary>
public static class CliApplication
{
    public static RootCommand CreateRootCommand() => new("clinimg: ClinicalImaging from the terminal")
    {
        DumpCommand.Create(),
        PixelsCommand.Create(),
        RenderCommand.Create(),
        AnonymizeCommand.Create(),
        DatabaseCommands.Create(),
        TokenCommand.Create(),
        KeysCommands.Create(),
        ImportCommand.Create(),
        StudiesCommands.Create(),
        InferCommand.Create(),
        GenerateCommand.Create(),
    };

    /// <summary>Runs the tool; failures the user can act on print one line on stderr and return a non-zero code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return await CreateRootCommand().Parse(args).InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception failure) when (failure is InvalidOperationException or DicomException or PixelDataException or IOException or UnauthorizedAccessException
            or DomainException or OnnxRuntimeException)
        {
            await error.WriteLineAsync($"error: {failure.Message}");
            return 2;
        }
    }
}
