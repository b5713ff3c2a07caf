using Pipeline.Method.Keys;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;

namespace Pipeline.Method.Jobs;

/// <summary>One resolved cell of the grid (or the baseline), as the method layer needs it.</summary>
public sealed record JobDefinition
{
    public required string JobId { get; init; }
    /// <summary>A registered method (shf, np, ffx) or "baseline" (no key, plain images).</summary>
    public required string Method { get; init; }
    public int? BlockSize { get; init; }
    public SecretKey? Key { get; init; }
    public MethodOptions Options { get; init; } = new();
    public required DatasetDefinition Dataset { get; init; }
    public required string Model { get; init; }
    public bool AuxiliaryHead { get; init; }
    /// <summary>Initial weights: a .safetensors file or a torch.save state dict (e.g. torchvision's).</summary>
    public string? InitialWeights { get; init; }
    public required TrainingRecipe Recipe { get; init; }
    public int IncorrectKeys { get; init; } = 100;
    public required DeviceId Device { get; init; }

    public bool IsBaseline => Method == BaselineMethod;

    public const string BaselineMethod = "baseline";
}

/// <summary>Where the images come from: the synthetic VOC-shaped set, or a folder in VOC layout.</summary>
public sealed record DatasetDefinition
{
    /// <summary>"synthetic" or "voc".</summary>
    public required string Kind { get; init; }
    public string? Path { get; init; }
    public required int ImageSize { get; init; }
    public int Classes { get; init; } = 21;
    public IReadOnlyList<string>? ClassNames { get; init; }
    public int Train { get; init; } = 1318;
    public int Validation { get; init; } = 146;
    public int Test { get; init; } = 1449;
    public int Seed { get; init; }

    public string Describe() => Kind == "voc" ? $"voc ({Path}) {ImageSize}px" : $"synthetic {ImageSize}px seed {Seed}";
}
