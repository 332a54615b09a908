using System.CommandLine;
using System.Security.Cryptography;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.DeIdentification;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg anonymize IN OUT [options]</c>: PS3.15 Basic Profile de-identification of a file, or of every DICOM file
/// under a folder (non-DICOM files are reported and skipped). UIDs and dates are replaced from keys, so objects of one
/// study anonymised in separate runs with the same keys still form one study. Keys come from files or environment
/// variables, never from the command line (it is visible to other users and kept in shell history).
/// </summary>
internal static class AnonymizeCommand
{
    private const string UidKeyVariable = "CLINIMG_DEID_UID_KEY";
    private const string DateKeyVariable = "CLINIMG_DEID_DATE_KEY";

    public static Command Create()
    {
        var input = new Argument<FileSystemInfo>("IN") { Description = "A DICOM file, or a folder searched recursively" };
        var output = new Argument<string>("OUT") { Description = "The output file, or the output folder (mirrors IN's layout)" };
        var uidKeyFile = new Option<FileInfo?>("--uid-key-file") { Description = $"File holding the UID key (default: ${UidKeyVariable}; else a random key, so UIDs differ from run to run)" };
        var dateKeyFile = new Option<FileInfo?>("--date-key-file") { Description = $"File holding the date-shift key (default: ${DateKeyVariable}, else the UID key)" };
        var flags = new (Option<bool> Option, DeidentificationOptions Flag)[]
        {
            (new Option<bool>("--retain-uids") { Description = "Retain UIDs Option" }, DeidentificationOptions.RetainUids),
            (new Option<bool>("--retain-device-identity") { Description = "Retain Device Identity Option" }, DeidentificationOptions.RetainDeviceIdentity),
            (new Option<bool>("--retain-institution-identity") { Description = "Retain Institution Identity Option" }, DeidentificationOptions.RetainInstitutionIdentity),
            (new Option<bool>("--retain-patient-characteristics") { Description = "Retain Patient Characteristics Option" }, DeidentificationOptions.RetainPatientCharacteristics),
            (new Option<bool>("--retain-full-dates") { Description = "Retain Longitudinal Temporal Information with Full Dates" }, DeidentificationOptions.RetainLongitudinalTemporalInformationWithFullDates),
            (new Option<bool>("--retain-modified-dates") { Description = "Retain Longitudinal Temporal Information with Modified Dates (keyed shift per patient)" }, DeidentificationOptions.RetainLongitudinalTemporalInformationWithModifiedDates),
            (new Option<bool>("--clean-descriptions") { Description = "Clean Descriptors Option" }, DeidentificationOptions.CleanDescriptors),
            (new Option<bool>("--retain-safe-private") { Description = "Retain Safe Private Option" }, DeidentificationOptions.RetainSafePrivate),
            (new Option<bool>("--clean-structured-content") { Description = "Clean Structured Content Option (SR content items by Table E.3.4-1)" }, DeidentificationOptions.CleanStructuredContent),
            (new Option<bool>("--clean-graphics") { Description = "Clean Graphics Option (text annotations cleaned, ROI overlays kept)" }, DeidentificationOptions.CleanGraphics),
        };

        var command = new Command("anonymize", "De-identify per PS3.15 Annex E (Basic Profile plus the options given)") { input, output, uidKeyFile, dateKeyFile };
        foreach (var (option, _) in flags)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var profile = flags.Where(f => parse.GetValue(f.Option)).Aggregate(DeidentificationOptions.None, (all, f) => all | f.Flag);
            var uidKey = ReadKey(parse.GetValue(uidKeyFile), UidKeyVariable) ?? RandomNumberGenerator.GetBytes(32);
            var deidentifier = new DicomDeidentifier(new DicomDeidentifierOptions
            {
                ProfileOptions = profile,
                UidKey = uidKey,
                DateShiftKey = ReadKey(parse.GetValue(dateKeyFile), DateKeyVariable) ?? uidKey,
            });
            var report = parse.InvocationConfiguration.Output;
            var source = parse.GetValue(input)!;
            var target = parse.GetValue(output)!;
            if (source is FileInfo file)
            {
                Anonymize(deidentifier, file.FullName, target);
                report.WriteLine($"{target}: de-identified");
                return Task.FromResult(0);
            }

            if (!source.Exists)
            {
                throw new IOException($"{source.FullName} does not exist");
            }

            var (written, skipped) = (0, 0);
            foreach (var path in Directory.EnumerateFiles(source.FullName, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var destination = Path.Combine(target, Path.GetRelativePath(source.FullName, path));
                try
                {
                    Anonymize(deidentifier, path, destination);
                    written++;
                }
                catch (DicomException error)
                {
                    skipped++;
                    parse.InvocationConfiguration.Error.WriteLine($"skipped {path}: {error.Message}");
                }
            }

            report.WriteLine($"{written} file(s) de-identified into {target}, {skipped} skipped");
            return Task.FromResult(skipped == 0 || written > 0 ? 0 : 2);
        });
        return command;
    }

    private static void Anonymize(DicomDeidentifier deidentifier, string inputPath, string outputPath)
    {
        using var original = DicomFile.Open(inputPath);
        var result = deidentifier.Deidentify(original.Dataset);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        // An empty file meta: the writer rebuilds group 0002 from the de-identified data set (new SOP Instance UID).
        new DicomFile(new DicomDataset(), result.Dataset, original.TransferSyntax).Save(outputPath);
    }

    /// <summary>A key from a file (its bytes) or an environment variable (its UTF-8 text); at least 16 bytes.</summary>
    private static byte[]? ReadKey(FileInfo? file, string variable)
    {
        byte[]? key = file is not null ? File.ReadAllBytes(file.FullName)
            : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? System.Text.Encoding.UTF8.GetBytes(text)
            : null;
        if (key is { Length: < 16 })
        {
            throw new InvalidOperationException($"the key from {file?.FullName ?? variable} has {key.Length} bytes; at least 16 are needed");
        }

        return key;
    }
}
