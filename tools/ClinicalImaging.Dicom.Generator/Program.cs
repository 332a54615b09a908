using ClinicalImaging.Dicom.Generator;

// Usage: dotnet run --project tools/ClinicalImaging.Dicom.Generator [dataDirectory] [outputDirectory]
//        dotnet run --project tools/ClinicalImaging.Dicom.Generator -- --import-private-dictionary [pydicom _private_dict.py]
// Defaults are found from the repository root (the folder holding ClinicalImaging.sln). The FHIR terminology table
// (PS3.16 Annex L) is always written from its checked-in data file.
var repositoryRoot = RepositoryPaths.FindRepositoryRoot(AppContext.BaseDirectory)
    ?? RepositoryPaths.FindRepositoryRoot(Directory.GetCurrentDirectory())
    ?? throw new InvalidOperationException("Run from inside the repository, or pass both directories.");
var privateDictionary = RepositoryPaths.PrivateDictionaryPath(repositoryRoot);
if (args is ["--import-private-dictionary", .. var importArguments])
{
    var source = importArguments.Length > 0 ? importArguments[0] : PrivateDictionaryGenerator.DefaultSource;
    var description = $"{source} (Debian python3-pydicom {PrivateDictionaryGenerator.InstalledPydicomVersion() ?? "version unknown"})";
    File.WriteAllText(privateDictionary, PrivateDictionaryGenerator.Import(source, description));
    Console.WriteLine($"wrote {privateDictionary}");
    return;
}

var dataDirectory = args.Length > 0 ? args[0] : RepositoryPaths.DefaultDataDirectory(repositoryRoot);
var outputDirectory = args.Length > 1 ? args[1] : RepositoryPaths.DefaultOutputDirectory(repositoryRoot);

Directory.CreateDirectory(outputDirectory);
foreach (var (fileName, content) in DicomCodeGenerator.Generate(dataDirectory, privateDictionary))
{
    File.WriteAllText(Path.Combine(outputDirectory, fileName), content);
    Console.WriteLine($"wrote {fileName}");
}

var terminology = FhirTerminologyGenerator.OutputDirectory(repositoryRoot);
File.WriteAllText(Path.Combine(terminology, FhirTerminologyGenerator.OutputFileName), FhirTerminologyGenerator.Generate(FhirTerminologyGenerator.DataFile(repositoryRoot)));
Console.WriteLine($"wrote {FhirTerminologyGenerator.OutputFileName}");
