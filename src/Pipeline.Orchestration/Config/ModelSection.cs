using Pipeline.Method.Models;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads the <c>model</c> section: an FCN with a torchvision-layout ResNet backbone.</summary>
internal static class ModelSection
{
    public static ModelSettings? Read(ConfigSection s, string projectRoot)
    {
        var arch = s.Required("arch")?.Choice(FcnResNet.Architectures, "architecture");
        var aux = s.Field("aux_head")?.Bool();
        var pretrainedValue = s.Field("pretrained");
        var pretrained = pretrainedValue?.Text();
        s.RejectUnknown();
        if (pretrained is not null && !File.Exists(Path.Combine(projectRoot, pretrained)))
            pretrainedValue!.Value.Error($"weights file {Path.GetFullPath(Path.Combine(projectRoot, pretrained))} does not exist; "
                + "give a path relative to the project root or an absolute path, or leave pretrained out to start from random weights");
        if (arch is null) return null;
        var settings = new ModelSettings { Arch = arch, Pretrained = pretrained };
        return settings with { AuxHead = aux ?? settings.AuxHead };
    }
}
