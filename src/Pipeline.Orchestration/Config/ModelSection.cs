using Pipeline.Method.Models;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads the <c>model</c> section: an FCN with a torchvision-layout ResNet backbone.</summary>
internal static class ModelSection
{
    public static ModelSettings? Read(ConfigSection s, string projectRoot)
    {
        var arch = s.Required("arch")?.Choice(FcnResNet.Architectures, "architecture");
        var aux = s.Field("aux_head")?.Bool();
        var pretrained = WeightsFile(s, "pretrained", projectRoot, "start from random weights");
        var backbone = WeightsFile(s, "backbone_weights", projectRoot, "start the backbone from random weights");
        s.RejectUnknown();
        if (pretrained is not null && backbone is not null)
            s.Field("backbone_weights")!.Value.Error("give pretrained (the whole model's weights) or backbone_weights (a classification ResNet's), not both: "
                + "pretrained would overwrite the backbone");
        if (arch is null) return null;
        var settings = new ModelSettings { Arch = arch, Pretrained = pretrained, BackboneWeights = backbone };
        return settings with { AuxHead = aux ?? settings.AuxHead };
    }

    // A weights file as written, relative to the project root or absolute; a missing one is an error at the field.
    private static string? WeightsFile(ConfigSection s, string field, string projectRoot, string withoutIt)
    {
        var value = s.Field(field);
        var path = value?.Text();
        if (path is not null && !File.Exists(Path.Combine(projectRoot, path)))
            value!.Value.Error($"weights file {Path.GetFullPath(Path.Combine(projectRoot, path))} does not exist; "
                + $"give a path relative to the project root or an absolute path, or leave {field} out to {withoutIt}");
        return path;
    }
}
