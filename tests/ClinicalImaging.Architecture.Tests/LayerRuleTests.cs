using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace ClinicalImaging.Architecture.Tests;

/// <summary>
/// The dependency rule of docs/architecture: Domain and Dicom depend on nothing of ours; Application on Domain and
/// Dicom; Infrastructure on Application (and below); only the hosts (Api, Cli) see Infrastructure. Checked twice:
/// on the project files (what the build may use) and on the compiled assemblies (what the code really uses).
/// </summary>
public sealed class LayerRuleTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["ClinicalImaging.Domain"] = [],
        ["ClinicalImaging.Dicom"] = [],
        ["ClinicalImaging.Application"] = ["ClinicalImaging.Domain", "ClinicalImaging.Dicom"],
        ["ClinicalImaging.Infrastructure"] = ["ClinicalImaging.Application", "ClinicalImaging.Domain", "ClinicalImaging.Dicom"],
        ["ClinicalImaging.Api"] = ["ClinicalImaging.Application", "ClinicalImaging.Infrastructure", "ClinicalImaging.Domain", "ClinicalImaging.Dicom"],
        ["ClinicalImaging.Cli"] = ["ClinicalImaging.Application", "ClinicalImaging.Infrastructure", "ClinicalImaging.Domain", "ClinicalImaging.Dicom"],
    };

    public static TheoryData<string> Projects => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_references_only_the_layers_it_may_depend_on(string project)
    {
        var projectFile = Path.Combine(RepositoryRoot(), "src", project, $"{project}.csproj");
        var references = XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, Allowed[project]));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Compiled_assembly_references_only_the_layers_it_may_depend_on(string project)
    {
        var assemblyName = project == "ClinicalImaging.Cli" ? "clinimg" : project;
        var assembly = Assembly.Load(assemblyName);
        var ours = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("ClinicalImaging.", StringComparison.Ordinal))
            .ToList();

        Assert.All(ours, r => Assert.Contains(r, Allowed[project]));
    }

    [Fact]
    public void Domain_references_no_package_at_all()
    {
        var projectFile = Path.Combine(RepositoryRoot(), "src", "ClinicalImaging.Domain", "ClinicalImaging.Domain.csproj");

        Assert.Empty(XDocument.Load(projectFile).Descendants("PackageReference"));
    }

    [Fact]
    public void Every_source_project_is_covered_by_the_rule()
    {
        var projects = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src")).Select(Path.GetFileName);

        Assert.All(projects, p => Assert.True(Allowed.ContainsKey(p!), $"{p} has no entry in the layer rule"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ClinicalImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ClinicalImaging.sln not found above the test's folder");
    }
}
