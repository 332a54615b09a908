using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ClinicalImaging.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL's own style: snake_case columns, so hand-written SQL and the EF model read alike. Value objects
/// (complex properties) map to unprefixed columns of their owner's table: <c>studies.accession_number</c>.
/// </summary>
internal static class SnakeCaseNaming
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                NameColumn(property);
            }

            foreach (var complex in entity.GetComplexProperties())
            {
                NameComplexColumns(complex);
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey() ? $"pk_{entity.GetTableName()}" : key.GetName());
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName($"fk_{entity.GetTableName()}_{foreignKey.PrincipalEntityType.GetTableName()}");
            }
        }
    }

    private static void NameComplexColumns(IMutableComplexProperty complex)
    {
        foreach (var property in complex.ComplexType.GetProperties())
        {
            NameColumn(property);
        }

        foreach (var nested in complex.ComplexType.GetComplexProperties())
        {
            NameComplexColumns(nested);
        }
    }

    /// <summary>Names the column after the property unless a configuration named it explicitly.</summary>
    private static void NameColumn(IMutableProperty property)
    {
        if (((IConventionProperty)property).GetColumnNameConfigurationSource() != ConfigurationSource.Explicit)
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var startsWord = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (previousIsLower || startsWord)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
