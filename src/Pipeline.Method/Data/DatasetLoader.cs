namespace Pipeline.Method.Data;

/// <summary>Builds the dataset that settings name.</summary>
public static class DatasetLoader
{
    /// <param name="settings">The dataset; a relative <see cref="DatasetSettings.Path"/> starts at <paramref name="root"/>.</param>
    /// <param name="root">Where relative paths start (the project root).</param>
    public static SegmentationDataset Load(DatasetSettings settings, string root) => settings.Kind switch
    {
        DatasetKind.Synthetic => SyntheticVoc.Generate(new SyntheticVocOptions
        {
            ImageSize = settings.ImageSize, Train = settings.Train ?? 0, Validation = settings.Val ?? 0, Test = settings.Test ?? 0,
            Seed = settings.Seed, Classes = settings.Classes,
        }),
        DatasetKind.Voc => LoadVoc(settings, VocFolder(settings, root)),
        _ => throw new ArgumentException($"dataset kind '{settings.Kind}' is not supported; allowed: {string.Join(", ", EnumNames.All<DatasetKind>())}"),
    };

    /// <summary>The VOC-layout folder a voc dataset names, as an absolute path.</summary>
    public static string VocFolder(DatasetSettings settings, string root) => Path.GetFullPath(Path.Combine(root,
        settings.Path ?? throw new ArgumentException("a voc dataset needs a path (the VOCdevkit/VOC2012 folder)")));

    private static SegmentationDataset LoadVoc(DatasetSettings settings, string folder) => VocDataset.Load(new VocOptions
    {
        Root = folder,
        ImageSize = settings.ImageSize,
        ClassNames = settings.ClassNames ?? VocClasses.Names,
        SplitSeed = settings.Seed,
        // The decoded, resized set is cached in the user's cache folder, keyed by the files and settings: never in the
        // dataset, which may be read-only.
        CacheFolder = DatasetCache.UserFolder,
    });
}
