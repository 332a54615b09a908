using ClinicalImaging.Dicom.Generator;

// Usage: dotnet run --project tools/ClinicalImaging.Dicom.Generator [dataDirectory] [outputDirectory]
// Defaults are found from the repository root (the folder holding ClinicalImaging.sln).
var repositoryRoot = RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)
    ?? RepositoryPaths.FindRepositoryRoot(Directory.GetCurrentDirectory())
    ?? throw new InvalidOperationException("Run from inside the repository, or pass both directories.");
var dataDirectory = args.Length > 0 ? args[0] : RepositoryPaths.DefaultDataDirectory(repositoryRoot);
var outputDirectory = args.Length > 1 ? args[1] : RepositoryPaths.DefaultOutputDirectory(repositoryRoot);

Directory.CreateDirectory(outputDirectory);
foreach (var (fileName, content) in DicomCodeGenerator.Generate(dataDirectory))
{
    File.WriteAllText(Path.Combine(outputDirectory, fileName), content);
    Console.WriteLine($"wrote {fileName}");
}
