namespace ClinicalImaging.Infrastructure.Jobs;

/// <summary>Configuration section <c>Inference:Routing</c> (docs/workflow.md, "Routing").</summary>
public sealed class InferenceRoutingOptions
{
    public const string Section = "Inference:Routing";

    /// <summary>Queue the routed models for every instance ingest registers (in the same transaction).</summary>
    public bool EnqueueOnIngest { get; set; } = true;

    /// <summary>The rules; none configured: one rule per installed model, from its manifest's modalities and body parts.</summary>
    public IList<InferenceRoutingRule> Rules { get; } = [];
}

/// <summary>Images of <see cref="Modality"/> (and one of <see cref="BodyParts"/>, when listed) go to <see cref="Models"/>.</summary>
public sealed class InferenceRoutingRule
{
    /// <summary>Modality (0008,0060), e.g. CT, CR, DX.</summary>
    public string Modality { get; set; } = "";

    /// <summary>Body Part Examined (0018,0015) values; empty: any body part, including none.</summary>
    public IList<string> BodyParts { get; } = [];

    /// <summary>Model ids (folder names under the models directory).</summary>
    public IList<string> Models { get; } = [];
}
