using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ClinicalImaging.Infrastructure.Persistence.Migrations;

/// <summary>One ordered SQL file from /migrations, shipped inside this assembly (e.g. <c>0001_study_hierarchy.sql</c>).</summary>
public sealed record SqlMigration(string Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>Every migration embedded in the assembly, in version order.</summary>
    public static IReadOnlyList<SqlMigration> LoadEmbedded()
    {
        var assembly = typeof(SqlMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();
    }

    private static SqlMigration Load(Assembly assembly, string resourceName)
    {
        var fileName = Path.GetFileNameWithoutExtension(resourceName[ResourcePrefix.Length..]);
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator != 4 || !fileName[..4].All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"Migration file '{fileName}.sql' must be named NNNN_description.sql");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded migration '{resourceName}' cannot be read");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SqlMigration(fileName[..4], fileName[(separator + 1)..], sql, checksum);
    }
}
