using System.Text.Json.Serialization;

namespace Pipeline.Method.Models;

/// <summary>The model of a job, as the experiment's <c>model</c> section gives it. Property names are the YAML field names.</summary>
public sealed record ModelSettings
{
    public required string Arch { get; init; }

    /// <summary>The auxiliary FCN head on layer3 (torchvision's aux_loss).</summary>
    public bool AuxHead { get; init; }

    /// <summary>Initial weights (safetensors or a torch.save state dict, e.g. torchvision's) as written: relative to the project root, or absolute.</summary>
    public string? Pretrained { get; init; }

    /// <summary>
    /// Initial weights of the backbone alone: a torchvision ResNet classification state dict (e.g. ImageNet's resnet50),
    /// safetensors or torch.save, as written (see <see cref="FcnResNet.LoadBackboneWeights"/>). Left out of the job id
    /// when not given, so the ids of jobs without it are those they always had.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BackboneWeights { get; init; }
}
