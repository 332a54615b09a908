using System.CommandLine;
using ClinicalImaging.Application;
using ClinicalImaging.Infrastructure;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg keys generate|rotate</c>: make keys for the PHI keyring, and re-encrypt and re-index patient rows under the
/// active encryption and blind index keys once they have been switched. Configuration as for the API: environment variables (<c>Security__Phi__ActiveKeyId</c>,
/// <c>Security__Phi__Keys__ID</c>, <c>Security__Phi__BlindIndexKey</c>, <c>ConnectionStrings__ClinicalImaging</c>) or --settings.
/// </summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var generate = new Command("generate", "Print a new random 256-bit key (base64) for Security:Phi:Keys or :BlindIndexKey");
        generate.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(PhiProtector.GenerateKey());
            return 0;
        });

        var settings = new Option<FileInfo?>("--settings") { Description = "A JSON settings file (read before environment variables)" };
        var batch = new Option<int>("--batch") { Description = "Patients per transaction", DefaultValueFactory = _ => 500 };
        var rotate = new Command("rotate", "Re-encrypt and re-index every patient row not yet under the active PHI and blind index keys (safe while the API runs)") { settings, batch };
        rotate.SetAction(async (parse, ct) =>
        {
            var configuration = new ConfigurationBuilder();
            if (parse.GetValue(settings) is { } file)
            {
                configuration.AddJsonFile(file.FullName, optional: false);
            }

            var services = new ServiceCollection().AddLogging().AddApplication().AddInfrastructure(configuration.AddEnvironmentVariables().Build());
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            var rotation = scope.ServiceProvider.GetRequiredService<PhiKeyRotation>();
            var before = await rotation.CountStaleAsync(ct);
            var done = await rotation.ReencryptAsync(parse.GetValue(batch), ct);
            var left = await rotation.CountStaleAsync(ct);
            parse.InvocationConfiguration.Output.WriteLine($"{before} patient row(s) under older keys; re-encrypted and re-indexed {done}; {left} left (rows being written now are rewritten by their writer).");
            return left == 0 ? 0 : 3;
        });

        return new Command("keys", "PHI encryption keys") { generate, rotate };
    }
}
