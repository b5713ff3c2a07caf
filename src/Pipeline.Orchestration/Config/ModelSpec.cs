namespace Pipeline.Orchestration.Config;

/// <summary>The <c>model</c> section: an FCN with a torchvision-layout ResNet backbone.</summary>
public sealed record ModelSpec
{
    public static readonly IReadOnlyList<string> Architectures = ["fcn_resnet18", "fcn_resnet34", "fcn_resnet50"];

    public required string Arch { get; init; }

    /// <summary>The auxiliary FCN head on layer3 (torchvision's aux_loss).</summary>
    public required bool AuxHead { get; init; }

    /// <summary>Initial weights (safetensors or torchvision state dict) as written: relative to the project root, or absolute.</summary>
    public string? Pretrained { get; init; }

    internal static ModelSpec? Read(ConfigSection s, string projectRoot)
    {
        var arch = s.Required("arch")?.Choice(Architectures, "architecture");
        var aux = s.Field("aux_head")?.Bool() ?? false;
        var pretrainedValue = s.Field("pretrained");
        var pretrained = pretrainedValue?.Text();
        s.RejectUnknown();
        if (pretrained is not null && !File.Exists(Path.Combine(projectRoot, pretrained)))
            pretrainedValue!.Value.Error($"weights file {Path.GetFullPath(Path.Combine(projectRoot, pretrained))} does not exist; "
                + "give a path relative to the project root or an absolute path, or leave pretrained out to start from random weights");
        return arch is null ? null : new ModelSpec { Arch = arch, AuxHead = aux, Pretrained = pretrained };
    }
}
