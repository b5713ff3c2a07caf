using Pipeline.Method.Data;

namespace Pipeline.Method.Jobs;

/// <summary>Builds the dataset a job names.</summary>
public static class DatasetLoader
{
    public static SegmentationDataset Load(DatasetDefinition d) => d.Kind switch
    {
        "synthetic" => SyntheticVoc.Generate(new SyntheticVocOptions
        {
            ImageSize = d.ImageSize, Train = d.Train, Validation = d.Validation, Test = d.Test, Seed = d.Seed, Classes = d.Classes,
        }),
        "voc" => VocDataset.Load(new VocOptions
        {
            Root = d.Path ?? throw new ArgumentException("a voc dataset needs a path (the VOCdevkit/VOC2012 folder)"),
            ImageSize = d.ImageSize,
            ClassNames = d.ClassNames ?? VocClasses.Names,
            SplitSeed = d.Seed,
            // The decoded, resized set is cached beside the data, keyed by the files and settings.
            CacheFolder = Path.Combine(d.Path, ".pipeline-cache"),
        }),
        _ => throw new ArgumentException($"dataset kind '{d.Kind}' is not supported; allowed: synthetic, voc"),
    };
}
