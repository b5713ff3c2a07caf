namespace Pipeline.Method.Models;

/// <summary>The model of a job, as the experiment's <c>model</c> section gives it. Property names are the YAML field names.</summary>
public sealed record ModelSettings
{
    public required string Arch { get; init; }

    /// <summary>The auxiliary FCN head on layer3 (torchvision's aux_loss).</summary>
    public bool AuxHead { get; init; }

    /// <summary>Initial weights (safetensors or a torch.save state dict, e.g. torchvision's) as written: relative to the project root, or absolute.</summary>
    public string? Pretrained { get; init; }
}
