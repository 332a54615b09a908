using System.CommandLine;
using System.Globalization;
using ClinicalImaging.Dicom;
using ClinicalImaging.Dicom.Dictionary;
using ClinicalImaging.Dicom.Json;

namespace ClinicalImaging.Cli.Commands;

/// <summary>
/// <c>clinimg dump FILE</c>: the data set as a readable tree. <c>--json</c>: DICOM JSON (PS3.18 F.2) of the data
/// set, bulk values inline as base64, file meta excluded: the shape of pydicom's <c>Dataset.to_json_dict()</c>.
/// </summary>
internal static class DumpCommand
{
    private const int MaxShownLength = 96;

    public static Command Create()
    {
        var file = CommonOptions.InputFile();
        var json = new Option<bool>("--json") { Description = "Write DICOM JSON instead of a tree" };
        var command = new Command("dump", "Show a DICOM file's attributes") { file, json };
        command.SetAction(parse =>
        {
            using var dicom = CommonOptions.Open(parse.GetValue(file)!);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(DicomJsonSerializer.Serialize(dicom.Dataset));
                return 0;
            }

            output.WriteLine($"# Transfer syntax: {dicom.TransferSyntax.Uid} ({dicom.TransferSyntax.Name})");
            WriteTree(output, dicom.FileMetaInformation, 0);
            WriteTree(output, dicom.Dataset, 0);
            return 0;
        });
        return command;
    }

    private static void WriteTree(TextWriter output, DicomDataset dataset, int depth)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset)
        {
            var name = DicomDictionary.KeywordOf(element.Tag) ?? (element.Tag.IsPrivate ? PrivateName(dataset, element.Tag) : "Unknown");
            switch (element)
            {
                case DicomSequence sequence:
                    output.WriteLine($"{indent}{element.Tag} SQ {name} ({sequence.Items.Count} item(s))");
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        output.WriteLine($"{indent}  > item {i + 1}");
                        WriteTree(output, sequence.Items[i], depth + 2);
                    }

                    break;
                case DicomFragmentSequence fragments:
                    output.WriteLine($"{indent}{element.Tag} {element.VR} {name} (encapsulated: {fragments.PixelData.Fragments.Count} fragment(s))");
                    break;
                case DicomValueElement value:
                    output.WriteLine($"{indent}{element.Tag} {element.VR} {name} {Describe(dataset, value)}");
                    break;
            }
        }
    }

    /// <summary>"PrivateCreator", or "Private[creator]" followed by the private dictionary's keyword when it knows the element.</summary>
    private static string PrivateName(DicomDataset dataset, DicomTag tag) => tag.IsPrivateCreator
        ? "PrivateCreator"
        : $"Private[{dataset.GetPrivateCreator(tag) ?? "?"}]{(DicomPrivateDictionary.Lookup(dataset, tag) is { } entry ? $" {entry.Keyword}" : string.Empty)}";

    private static string Describe(DicomDataset dataset, DicomValueElement element)
    {
        if (element.Length == 0)
        {
            return "(empty)";
        }

        var text = element.VR.Kind switch
        {
            DicomVRKind.MultiValuedString or DicomVRKind.Text or DicomVRKind.PersonName => $"[{dataset.GetString(element.Tag)}]",
            DicomVRKind.Number when element.Length <= 64 =>
                string.Join('\\', dataset.GetDoubles(element.Tag).Select(v => v.ToString(CultureInfo.InvariantCulture))),
            DicomVRKind.AttributeTag => string.Join('\\', dataset.GetAttributeTags(element.Tag)),
            _ => $"<{element.Length} bytes>",
        };
        return text.Length > MaxShownLength ? string.Concat(text.AsSpan(0, MaxShownLength), "…") : text;
    }
}
