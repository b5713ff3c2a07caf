namespace Pipeline.Method.Data;

/// <summary>Where a VOC-layout dataset lives and how to load it; class count and names come from the configuration.</summary>
public sealed record VocOptions
{
    /// <summary>The folder holding JPEGImages, SegmentationClass and ImageSets (VOCdevkit/VOC2012 for PASCAL VOC).</summary>
    public required string Root { get; init; }
    public int ImageSize { get; init; } = 256;
    public IReadOnlyList<string> ClassNames { get; init; } = VocClasses.Names;
    public double ValidationFraction { get; init; } = TrainValidationSplit.VocValidationFraction;
    public int SplitSeed { get; init; }
    /// <summary>Where the decoded, resized set is cached (one file per sources and settings); null decodes every time.</summary>
    public string? CacheFolder { get; init; }
}
