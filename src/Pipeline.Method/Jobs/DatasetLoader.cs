using Pipeline.Method.Data;

namespace Pipeline.Method.Jobs;

/// <summary>Builds the dataset a job names.</summary>
public static class DatasetLoader
{
    public static SegmentationDataset Load(DatasetDefinition d) => d.Kind switch
    {
        "synthetic" => SyntheticVoc.Generate(new SyntheticVocOptions
        {
            ImageSize = d.ImageSize, Train = d.Train, Validation = d.Validation, Test = d.Test, Seed = d.Seed,
        }),
        _ => throw new ArgumentException($"dataset kind '{d.Kind}' is not supported yet; allowed: synthetic"),
    };
}
