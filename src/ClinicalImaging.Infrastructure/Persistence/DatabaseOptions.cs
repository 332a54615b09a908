namespace ClinicalImaging.Infrastructure.Persistence;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Name of the connection string (<c>ConnectionStrings:ClinicalImaging</c>).</summary>
    public const string ConnectionStringName = "ClinicalImaging";

    /// <summary>Apply pending migrations when the host starts (safe with many replicas; off where a release job migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
