using ClinicalImaging.Dicom.Generator;

// Usage: dotnet run --project tools/ClinicalImaging.Dicom.Generator [dataDirectory] [outputDirectory]
// Defaults are found from the repository root (the folder holding ClinicalImaging.sln). The FHIR terminology table
// (PS3.16 Annex L) is always written from its checked-in data file.
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

var terminology = FhirTerminologyGenerator.OutputDirectory(repositoryRoot);
File.WriteAllText(Path.Combine(terminology, FhirTerminologyGenerator.OutputFileName), FhirTerminologyGenerator.Generate(FhirTerminologyGenerator.DataFile(repositoryRoot)));
Console.WriteLine($"wrote {FhirTerminologyGenerator.OutputFileName}");
