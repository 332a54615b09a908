using System.CommandLine;
using ClinicalImaging.Cli.Commands;

var root = new RootCommand("clinimg: ClinicalImaging from the terminal")
{
    DatabaseCommands.Create(),
    TokenCommand.Create(),
    KeysCommands.Create(),
};

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (InvalidOperationException error)
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    return 2;
}
