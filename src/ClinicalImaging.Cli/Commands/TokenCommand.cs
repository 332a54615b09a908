using System.CommandLine;
using ClinicalImaging.Application.Common.Security;
using ClinicalImaging.Infrastructure.Security;
using Microsoft.Extensions.Configuration;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg token --role ROLE [--user NAME]</c>: a bearer token for local use, signed with the development key of
/// <c>src/ClinicalImaging.Api/appsettings.Development.json</c>. It signs only with development keys (ids <c>dev-…</c>),
/// which the API refuses outside the Development environment, so its tokens are worthless anywhere else.
/// </summary>
internal static class TokenCommand
{
    private const string DevelopmentSettings = "src/ClinicalImaging.Api/appsettings.Development.json";

    public static Command Create()
    {
        var roles = new Option<string[]>("--role")
        {
            Description = $"Role to grant (repeatable): {string.Join(", ", Roles.All.Order(StringComparer.Ordinal))}",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var user = new Option<string>("--user") { Description = "User name (the token's subject)", DefaultValueFactory = _ => "developer" };
        var lifetime = new Option<TimeSpan>("--lifetime") { Description = "How long the token is valid (hh:mm:ss)", DefaultValueFactory = _ => TimeSpan.FromHours(8) };
        var settings = new Option<FileInfo?>("--settings") { Description = $"Settings file with the development key (default: {DevelopmentSettings})" };

        var command = new Command("token", "Print a development bearer token: curl -H \"Authorization: Bearer $(clinimg token --role radiologist)\" …")
        {
            roles, user, lifetime, settings,
        };
        command.SetAction(parse =>
        {
            var requested = parse.GetValue(roles) ?? [];
            var unknown = requested.Where(r => !Roles.All.Contains(r)).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"Unknown role(s) {string.Join(", ", unknown)}; roles are {string.Join(", ", Roles.All.Order(StringComparer.Ordinal))}");
            }

            var file = parse.GetValue(settings) ?? FindDevelopmentSettings();
            var jwt = new ConfigurationBuilder().AddJsonFile(file.FullName, optional: false).Build()
                .GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
            var key = jwt.SigningKeys.FirstOrDefault(k => k.KeyId.StartsWith(JwtOptions.DevelopmentKeyIdPrefix, StringComparison.Ordinal) && k.Secret is not null)
                ?? throw new InvalidOperationException($"{file.FullName} has no development signing key (KeyId '{JwtOptions.DevelopmentKeyIdPrefix}…' with a Secret)");
            var name = parse.GetValue(user)!;
            Console.WriteLine(JwtKeys.IssueToken(jwt, key.KeyId, name, name, requested, parse.GetValue(lifetime), DateTimeOffset.UtcNow));
            return 0;
        });
        return command;
    }

    /// <summary>The repository's development settings, found from the tool's own location or the working directory.</summary>
    private static FileInfo FindDevelopmentSettings()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = new FileInfo(Path.Combine(directory.FullName, DevelopmentSettings));
                if (candidate.Exists)
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"{DevelopmentSettings} not found above {AppContext.BaseDirectory}; pass --settings");
    }
}
