using System.CommandLine;
using System.Text.Json;
using ClinicalImaging.Application.Fhir;
using ClinicalImaging.Application.Synthetic;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg generate (--bundle FILE | --fhir-url URL) --out DIR</c>: realistic synthetic DICOM studies from FHIR
/// ImagingStudy resources, written as <c>study_{id}/series_{n}_{modality}/slice_{n}.dcm</c> and optionally sent to
/// our STOW-RS endpoint (<c>--stow</c>) or to Orthanc (<c>--orthanc</c>).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var bundle = new Option<FileInfo?>("--bundle") { Description = "A FHIR Bundle (or one ImagingStudy) JSON file with ImagingStudy and Patient resources" };
        var fhirUrl = new Option<string?>("--fhir-url") { Description = "A FHIR server's base URL: its ImagingStudy resources (and their Patients) are read" };
        var patientId = new Option<string?>("--patient-id") { Description = "With --fhir-url: only this patient's studies (the search's patient parameter)" };
        var maxStudies = new Option<int>("--max-studies") { Description = "At most this many studies", DefaultValueFactory = _ => 10 };
        var maxInstances = new Option<int?>("--max-instances") { Description = "At most this many instances per series (FHIR counts may be large)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Where to write the studies", Required = true };
        var seed = new Option<int>("--seed") { Description = "Same seed, same input: same files", DefaultValueFactory = _ => 1 };
        var stow = new Option<string?>("--stow") { Description = "Send each instance to this DICOMweb root's STOW-RS (e.g. http://host/dicomweb)" };
        var orthanc = new Option<string?>("--orthanc") { Description = "Send each instance to this Orthanc's REST API (POST /instances)" };
        var token = new Option<string?>("--token") { Description = "Bearer token for --fhir-url and --stow (default: the CLINIMG_TOKEN environment variable)" };
        var command = new Command("generate", "Generate synthetic DICOM studies (CT, MR, CR, DX, MG, US) from FHIR ImagingStudy resources")
        {
            bundle, fhirUrl, patientId, maxStudies, maxInstances, output, seed, stow, orthanc, token,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bearer = parse.GetValue(token) ?? Environment.GetEnvironmentVariable("CLINIMG_TOKEN");
            using var http = new HttpClient();
            if (!string.IsNullOrWhiteSpace(bearer))
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
            }

            var fhirServer = AbsoluteUrl(parse.GetValue(fhirUrl), "--fhir-url");
            var studies = await ReadStudiesAsync(parse.GetValue(bundle), fhirServer, parse.GetValue(patientId), parse.GetValue(maxStudies), http, cancellationToken);
            var generator = new SyntheticStudyGenerator(parse.GetValue(seed));
            var planner = new FhirStudyPlanner(generator, parse.GetValue(seed));
            List<StudyPlan> plans;
            try
            {
                plans = studies.Take(parse.GetValue(maxStudies)).Select(s => planner.Plan(s, parse.GetValue(maxInstances))).ToList();
            }
            catch (FhirFormatException failure)
            {
                throw new InvalidOperationException(failure.Message, failure);
            }

            var senders = new List<IInstanceSender>();
            if (AbsoluteUrl(parse.GetValue(stow), "--stow") is { } stowUrl)
            {
                senders.Add(new StowRsSender(http, stowUrl));
            }

            if (AbsoluteUrl(parse.GetValue(orthanc), "--orthanc") is { } orthancUrl)
            {
                senders.Add(new OrthancSender(http, orthancUrl));
            }

            var root = parse.GetValue(output)!;
            var progress = new ProgressBar(parse.InvocationConfiguration.Error, plans.Sum(p => p.Series.Sum(s => s.InstanceCount)));
            foreach (var plan in plans)
            {
                foreach (var instance in generator.Generate(plan))
                {
                    var path = Path.Combine(root.FullName, instance.RelativePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    using (instance.File)
                    {
                        instance.File.Save(path);
                    }

                    foreach (var sender in senders)
                    {
                        await sender.SendAsync(path, cancellationToken);
                    }

                    progress.Advance();
                }
            }

            progress.Finish();
            parse.InvocationConfiguration.Output.WriteLine(
                $"{plans.Count} studies, {plans.Sum(p => p.Series.Count)} series, {progress.Done} instances in {root.FullName}{(senders.Count > 0 ? $", sent to {string.Join(" and ", senders.Select(s => s.Name))}" : string.Empty)}");
            return 0;
        });
        return command;
    }

    private static Uri? AbsoluteUrl(string? value, string option) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new InvalidOperationException($"{option} '{value}' is not an absolute http(s) URL");

    private static async Task<IReadOnlyList<FhirStudy>> ReadStudiesAsync(FileInfo? bundle, Uri? fhirUrl, string? patientId, int maxStudies, HttpClient http, CancellationToken cancellationToken)
    {
        if ((bundle is null) == (fhirUrl is null))
        {
            throw new InvalidOperationException("give exactly one of --bundle FILE and --fhir-url URL");
        }

        try
        {
            if (bundle is not null)
            {
                if (!bundle.Exists)
                {
                    throw new IOException($"{bundle.FullName} does not exist");
                }

                await using var stream = bundle.OpenRead();
                using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
                return FhirStudyPlanner.ReadStudies(json.RootElement);
            }

            return await new FhirServerClient(http, fhirUrl!).ReadStudiesAsync(patientId, maxStudies, cancellationToken);
        }
        catch (Exception failure) when (failure is JsonException or FhirFormatException)
        {
            throw new InvalidOperationException($"{(object?)bundle?.FullName ?? fhirUrl}: {failure.Message}", failure);
        }
    }
}
