using System.Security.Cryptography;
using System.Text.Json;
using ClinicalImaging.Application.Inference;
using ClinicalImaging.Infrastructure.Inference.OnnxRuntime;

namespace ClinicalImaging.Infrastructure.Inference.Registry;

/// <summary>
/// Loads one model folder and checks its manifest against the session's real inputs and outputs: names, element
/// types, ranks, channels and fixed sizes, then one probe run on a zero image that checks the shapes ORT really
/// produces (logits K, classifier weight K x C, CAM layers with C channels) and reads the head's weights.
/// </summary>
public static class ModelLoader
{
    public const string ManifestFileName = "manifest.json";

    /// <param name="environment">The process's ORT environment.</param>
    /// <param name="directory">The model's folder.</param>
    /// <param name="sessionOptions">Settings of the model's sessions; null for the defaults.</param>
    /// <param name="parallelRuns">The most concurrent sub-batch runs of one batch (<see cref="RegisteredModel.ParallelRuns"/>).</param>
    /// <exception cref="ModelManifestException">The folder cannot be served; the message names the model and each field.</exception>
    public static RegisteredModel Load(OnnxRuntimeEnvironment environment, string directory, OnnxSessionOptions? sessionOptions = null, int parallelRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folderId = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        var manifest = ReadManifest(directory, folderId);
        var problems = new List<string>();
        if (!string.Equals(manifest.Id, folderId, StringComparison.Ordinal))
        {
            problems.Add($"id: '{manifest.Id}' differs from the folder name '{folderId}'");
        }

        ValidateManifestAlone(manifest, problems);
        var modelPath = Path.Combine(directory, manifest.File);
        if (!File.Exists(modelPath))
        {
            problems.Add($"file: '{modelPath}' does not exist");
        }
        else if (manifest.Sha256 is { } expected && !string.Equals(expected, HashFile(modelPath), StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"sha256: {manifest.File} does not have the SHA-256 the manifest records ({expected})");
        }

        ThrowIfAny(folderId, problems);

        OnnxSession session;
        var trimmedSessions = new Dictionary<string, OnnxSession>(StringComparer.Ordinal);
        try
        {
            session = OnnxSession.Load(environment, modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelManifestException($"Model '{folderId}': ONNX Runtime cannot load {manifest.File}: {e.Message}", e);
        }

        try
        {
            ValidateAgainstSession(manifest, session, problems);
            ThrowIfAny(folderId, problems);
            var (weight, channels, imageOutputShapes) = ProbeHead(manifest, session, problems);
            ThrowIfAny(folderId, problems);
            LoadTrimmedSessions(environment, folderId, modelPath, manifest, sessionOptions, trimmedSessions);
            return new RegisteredModel(manifest, directory, session, trimmedSessions, Describe(manifest), weight, channels, imageOutputShapes, parallelRuns);
        }
        catch
        {
            foreach (var trimmed in trimmedSessions.Values)
            {
                trimmed.Dispose();
            }

            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The same model with fewer CAM layers as graph outputs: none (the runs that want only the logits: batches, Monte
    /// Carlo passes, Score-CAM's masked inputs) and, when it has several, each one alone (an explanation on one layer).
    /// ORT runs every node of a graph whatever a run asks for, so the full graph would compute and re-lay-out every CAM
    /// layer on each of those runs. Keyed by <see cref="RegisteredModel.CamOutputsKey"/> of the layers kept.
    /// </summary>
    private static void LoadTrimmedSessions(
        OnnxRuntimeEnvironment environment,
        string folderId,
        string modelPath,
        ModelManifest manifest,
        OnnxSessionOptions? sessionOptions,
        Dictionary<string, OnnxSession> sessions)
    {
        var camOutputs = (manifest.Cam?.TargetLayers ?? []).Select(l => l.Output).Where(name => name != manifest.Outputs.Logits).Distinct().ToArray();
        if (camOutputs.Length == 0)
        {
            return;
        }

        var options = sessionOptions ?? new OnnxSessionOptions();
        options = options with
        {
            // A model loaded from bytes finds external tensor data (a model over 2 GB) beside its file only when told where.
            ConfigEntries = new Dictionary<string, string>(options.ConfigEntries)
            {
                ["session.model_external_initializers_file_folder_path"] = Path.GetDirectoryName(Path.GetFullPath(modelPath))!,
            },
            // The diagnostics name the served graph; a trimmed one would overwrite its optimised file.
            OptimizedModelFilePath = null,
        };
        var bytes = File.ReadAllBytes(modelPath);
        IEnumerable<string[]> kept = camOutputs.Length > 1 ? [[], .. camOutputs.Select(name => new[] { name })] : [[]];
        foreach (var keep in kept)
        {
            try
            {
                var trimmed = OnnxGraphOutputFilter.Remove(bytes, camOutputs.Except(keep).ToArray());
                sessions.Add(RegisteredModel.CamOutputsKey(keep), OnnxSession.Load(environment, trimmed, options));
            }
            catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException)
            {
                throw new ModelManifestException(
                    $"Model '{folderId}': ONNX Runtime cannot load {manifest.File} with only the CAM layer outputs [{string.Join(", ", keep)}]: {e.Message}", e);
            }
        }
    }

    private static ModelManifest ReadManifest(string directory, string folderId)
    {
        var path = Path.Combine(directory, ManifestFileName);
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ModelManifest>(stream, ModelManifest.SerializerOptions)
                ?? throw new ModelManifestException($"Model '{folderId}': {ManifestFileName} is null.");
        }
        catch (JsonException e)
        {
            throw new ModelManifestException($"Model '{folderId}': {ManifestFileName} is not a valid manifest at {e.Path}: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ModelManifestException($"Model '{folderId}': cannot read {path}: {e.Message}", e);
        }
    }

    private static void ValidateManifestAlone(ModelManifest m, List<string> problems)
    {
        if (m.Task is not ("multi-class" or "multi-label"))
        {
            problems.Add($"task: '{m.Task}' must be 'multi-class' or 'multi-label'");
        }

        var expectedActivation = m.Task == "multi-label" ? "sigmoid" : "softmax";
        if (m.Outputs.Activation != expectedActivation)
        {
            problems.Add($"outputs.activation: '{m.Outputs.Activation}' does not fit task '{m.Task}' (expected '{expectedActivation}')");
        }

        if (m.Labels.Count == 0 || m.Labels.Distinct(StringComparer.Ordinal).Count() != m.Labels.Count)
        {
            problems.Add("labels: must be a non-empty list of distinct names");
        }

        if (m.Task == "multi-class" && m.Labels.Count < 2)
        {
            problems.Add("labels: a multi-class model needs at least two labels");
        }

        if (m.Modalities.Count == 0)
        {
            problems.Add("modalities: must name at least one DICOM modality");
        }

        foreach (var (label, threshold) in m.Thresholds)
        {
            if (!m.Labels.Contains(label))
            {
                problems.Add($"thresholds.{label}: not a label of the model");
            }
            else if (threshold is < 0 or > 1 || double.IsNaN(threshold))
            {
                problems.Add($"thresholds.{label}: {threshold} is not a probability");
            }
        }

        var p = m.Preprocessing;
        if (p.InputSize < 1)
        {
            problems.Add($"preprocessing.input_size: {p.InputSize} must be positive");
        }

        if (p.ModalityLut != "rescale")
        {
            problems.Add($"preprocessing.modality_lut: '{p.ModalityLut}' is not supported (only 'rescale')");
        }

        var r = p.Resize;
        if (r is not { Mode: "aspect_preserving_pad", Interpolation: "bilinear", Coordinates: "half_pixel", Antialias: false, PadAlignment: "center" })
        {
            problems.Add("preprocessing.resize: only mode aspect_preserving_pad, bilinear, half_pixel, no antialias, center padding is supported");
        }

        for (int c = 0; c < p.Channels.Count; c++)
        {
            var ch = p.Channels[c];
            switch (ch.Type)
            {
                case "window" when !(ch.Width > 0 && float.IsFinite(ch.Center)):
                    problems.Add($"preprocessing.channels[{c}]: window width {ch.Width} must be positive and center finite");
                    break;
                case "percentile" when !(ch.Lower >= 0 && ch.Lower < ch.Upper && ch.Upper <= 100):
                    problems.Add($"preprocessing.channels[{c}]: percentiles {ch.Lower}/{ch.Upper} must satisfy 0 <= lower < upper <= 100");
                    break;
                case "window" or "percentile":
                    break;
                default:
                    problems.Add($"preprocessing.channels[{c}].type: '{ch.Type}' is unknown (window, percentile)");
                    break;
            }
        }

        if (p.Channels.Count == 0 || p.Mean.Count != p.Channels.Count || p.Std.Count != p.Channels.Count)
        {
            problems.Add($"preprocessing: channels ({p.Channels.Count}), mean ({p.Mean.Count}) and std ({p.Std.Count}) must have the same non-zero length");
        }

        if (p.Std.Any(s => !(s > 0)))
        {
            problems.Add("preprocessing.std: every entry must be positive");
        }

        if (m.Head is { } head && head.Type != "gap-linear")
        {
            problems.Add($"head.type: '{head.Type}' is unknown (gap-linear)");
        }

        foreach (var (layer, i) in (m.Cam?.TargetLayers ?? []).Select((l, i) => (l, i)))
        {
            foreach (var name in layer.Methods)
            {
                if (!CamMethodNames.TryParse(name, out var method))
                {
                    problems.Add($"cam.target_layers[{i}].methods: '{name}' is unknown");
                }
                else if (CamMethodNames.NeedsGradient(method) && !layer.ExactGradient)
                {
                    problems.Add($"cam.target_layers[{i}].methods: '{name}' needs an exact gradient, which layer '{layer.Output}' does not have");
                }
            }

            if (layer.ExactGradient && m.Head?.ClassifierWeight is null)
            {
                problems.Add($"cam.target_layers[{i}].exact_gradient: needs a gap-linear head with head.classifier_weight");
            }
        }
    }

    private static void ValidateAgainstSession(ModelManifest m, OnnxSession session, List<string> problems)
    {
        var inputs = session.InputMetadata.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var outputs = session.OutputMetadata.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var size = m.Preprocessing.InputSize;

        if (!inputs.TryGetValue(m.Input.Name, out var image))
        {
            problems.Add($"input.name: the model has no input '{m.Input.Name}' (it has {string.Join(", ", inputs.Keys)})");
        }
        else
        {
            ExpectType("input", image, TensorElementType.Float, problems);
            ExpectDims("input", image, [null, m.Preprocessing.Channels.Count, size, size], problems);
            if (m.Input.Shape.Count != image.Shape.Count)
            {
                problems.Add($"input.shape: {m.Input.Shape.Count} dimensions, the model's input has {image.Shape.Count}");
            }
            else
            {
                for (int d = 0; d < image.Shape.Count; d++)
                {
                    var declared = m.Input.Shape[d];
                    if (declared.ValueKind == JsonValueKind.Number && image.Shape[d].Size is { } actual && declared.GetInt64() != actual)
                    {
                        problems.Add($"input.shape[{d}]: {declared.GetInt64()}, the model's input has {actual}");
                    }
                }
            }
        }

        if (m.McDropout is { } mc)
        {
            if (!inputs.TryGetValue(mc.Input, out var flag))
            {
                problems.Add($"mc_dropout.input: the model has no input '{mc.Input}'");
            }
            else
            {
                ExpectType("mc_dropout.input", flag, TensorElementType.Bool, problems);
                if (flag.Shape.Count != 0)
                {
                    problems.Add($"mc_dropout.input: '{mc.Input}' must be a scalar, the model declares rank {flag.Shape.Count}");
                }
            }

            if (mc.MaskOutput is { } mask && !outputs.ContainsKey(mask))
            {
                problems.Add($"mc_dropout.mask_output: the model has no output '{mask}'");
            }
        }

        foreach (var extra in inputs.Keys.Where(n => n != m.Input.Name && n != m.McDropout?.Input))
        {
            problems.Add($"input: the model's input '{extra}' is not described by the manifest (input or mc_dropout.input)");
        }

        if (!outputs.TryGetValue(m.Outputs.Logits, out var logits))
        {
            problems.Add($"outputs.logits: the model has no output '{m.Outputs.Logits}'");
        }
        else
        {
            ExpectType("outputs.logits", logits, TensorElementType.Float, problems);
            ExpectDims("outputs.logits", logits, [null, m.Labels.Count], problems);
        }

        if (m.Head is { ClassifierWeight: { } weightName } head)
        {
            if (!outputs.TryGetValue(weightName, out var weight))
            {
                problems.Add($"head.classifier_weight: the model has no output '{weightName}'");
            }
            else
            {
                ExpectType("head.classifier_weight", weight, TensorElementType.Float, problems);
                ExpectDims("head.classifier_weight", weight, [m.Labels.Count, null], problems);
            }

            if (head.ClassifierBias is { } biasName && !outputs.ContainsKey(biasName))
            {
                problems.Add($"head.classifier_bias: the model has no output '{biasName}'");
            }
        }

        foreach (var (layer, i) in (m.Cam?.TargetLayers ?? []).Select((l, i) => (l, i)))
        {
            if (!outputs.TryGetValue(layer.Output, out var activation))
            {
                problems.Add($"cam.target_layers[{i}].output: the model has no output '{layer.Output}'");
                continue;
            }

            ExpectType($"cam.target_layers[{i}].output", activation, TensorElementType.Float, problems);
            ExpectDims($"cam.target_layers[{i}].output", activation, [null, null, null, null], problems);
        }
    }

    /// <summary>
    /// Runs a zero image and checks what ORT really produces against the labels and each other; returns the head's
    /// weights and one image's shape of the logits and of each CAM layer (what a run's output buffers are sized by).
    /// </summary>
    private static (float[]? Weight, int Channels, IReadOnlyDictionary<string, long[]> ImageOutputShapes) ProbeHead(
        ModelManifest m, OnnxSession session, List<string> problems)
    {
        var size = m.Preprocessing.InputSize;
        var inputs = new Dictionary<string, Tensor>
        {
            [m.Input.Name] = DenseTensor.Zeros<float>(1, m.Preprocessing.Channels.Count, size, size),
        };
        if (m.McDropout is { } mc)
        {
            inputs[mc.Input] = new DenseTensor<bool>(new[] { mc.DeterministicValue });
        }

        var layers = m.Cam?.TargetLayers ?? [];
        var names = new List<string> { m.Outputs.Logits };
        names.AddRange(layers.Select(l => l.Output));
        if (m.Head?.ClassifierWeight is { } weightName)
        {
            names.Add(weightName);
        }

        var outputs = session.Run(inputs, names.Distinct().ToList());
        var imageOutputShapes = layers.Select(l => l.Output).Append(m.Outputs.Logits).Distinct()
            .ToDictionary(name => name, name => outputs[name].Shape.ToArray().Skip(1).ToArray(), StringComparer.Ordinal);
        var logits = outputs[m.Outputs.Logits];
        if (logits.Rank != 2 || logits.Shape[1] != m.Labels.Count)
        {
            problems.Add($"outputs.logits: the model produces {logits}, the manifest has {m.Labels.Count} labels");
        }

        foreach (var (layer, i) in layers.Select((l, i) => (l, i)))
        {
            var activation = outputs[layer.Output];
            if (activation.Rank != 4 || activation.Shape[2] * layer.Stride != size || activation.Shape[3] * layer.Stride != size)
            {
                problems.Add($"cam.target_layers[{i}].stride: {layer.Stride} does not fit '{layer.Output}' {activation} for input size {size}");
            }
        }

        if (m.Head?.ClassifierWeight is not { } name)
        {
            return (null, 0, imageOutputShapes);
        }

        var weight = outputs[name].As<float>();
        if (weight.Rank != 2 || weight.Shape[0] != m.Labels.Count)
        {
            problems.Add($"head.classifier_weight: shape {weight} must be (labels = {m.Labels.Count}, channels)");
            return (null, 0, imageOutputShapes);
        }

        var channels = (int)weight.Shape[1];
        foreach (var (layer, i) in layers.Select((l, i) => (l, i)).Where(x => x.l.ExactGradient))
        {
            var activation = outputs[layer.Output];
            if (activation.Rank == 4 && activation.Shape[1] != channels)
            {
                problems.Add($"cam.target_layers[{i}]: '{layer.Output}' has {activation.Shape[1]} channels, the classifier weight {weight} expects {channels}");
            }
        }

        return (weight.Span.ToArray(), channels, imageOutputShapes);
    }

    private static void ExpectType(string field, OnnxNodeMetadata node, TensorElementType expected, List<string> problems)
    {
        if (node.ElementType != expected)
        {
            problems.Add($"{field}: '{node.Name}' is {node.ElementType}, expected {expected}");
        }
    }

    /// <summary>Checks the rank and every fixed size the expectation names (null: any size).</summary>
    private static void ExpectDims(string field, OnnxNodeMetadata node, long?[] expected, List<string> problems)
    {
        if (node.Shape.Count != expected.Length)
        {
            problems.Add($"{field}: '{node.Name}' has rank {node.Shape.Count}, expected {expected.Length}");
            return;
        }

        for (int d = 0; d < expected.Length; d++)
        {
            if (expected[d] is { } size && node.Shape[d].Size is { } actual && actual != size)
            {
                problems.Add($"{field}: '{node.Name}' dimension {d} is {actual}, expected {size}");
            }
        }
    }

    private static void ThrowIfAny(string modelId, List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new ModelManifestException(modelId, problems.ToArray());
        }
    }

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static ModelDescriptor Describe(ModelManifest m)
    {
        var methods = new SortedSet<CamMethod>();
        foreach (var layer in m.Cam?.TargetLayers ?? [])
        {
            if (layer.ExactGradient)
            {
                methods.UnionWith([CamMethod.GradCam, CamMethod.GradCamPlusPlus, CamMethod.XGradCam, CamMethod.LayerCam]);
            }

            // Activation-only methods run on any layer; the manifest's list of them is informational.
            methods.UnionWith([CamMethod.ScoreCam, CamMethod.EigenCam]);
        }

        return new ModelDescriptor(
            m.Id,
            m.Version,
            m.Title,
            m.IntendedUse,
            m.Task == "multi-label" ? ModelTask.MultiLabel : ModelTask.MultiClass,
            m.Labels,
            m.Labels.Select(l => m.Thresholds.TryGetValue(l, out var t) ? t : 0.5).ToArray(),
            m.Modalities.Select(s => s.ToUpperInvariant()).ToArray(),
            m.BodyParts.Select(s => s.ToUpperInvariant()).ToArray(),
            m.Preprocessing.InputSize,
            m.Preprocessing.Channels.Count,
            methods.ToArray(),
            m.McDropout is not null);
    }
}
