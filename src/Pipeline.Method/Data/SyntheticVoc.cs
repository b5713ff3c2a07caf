using static TorchSharp.torch;

namespace Pipeline.Method.Data;

/// <summary>
/// The embedded default dataset (README, Data): deterministic, VOC-shaped scenes of 21 classes whose objects must be
/// told apart by shape, colour family and texture together (see <see cref="SyntheticScene"/>). Laid out like VOC:
/// a "train" list of train + validation images parted by <see cref="TrainValidationSplit"/> with the same seed,
/// and a "val" list that is the test set, so the set written in VOC layout reads back into the same splits.
/// </summary>
public static class SyntheticVoc
{
    public const int Classes = SyntheticScene.Classes;

    /// <summary>What each class looks like (<see cref="SyntheticScene.Describe"/>): "background", "smooth warm disc", …; not VOC's names, which would claim aeroplanes.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ClassNamesOf(Classes);

    /// <summary>The names of a set of <paramref name="classes"/> classes: the first ones.</summary>
    public static IReadOnlyList<string> ClassNamesOf(int classes) =>
        Enumerable.Range(0, classes).Select(label => label == 0 ? "background" : SyntheticScene.Describe(label)).ToArray();

    public static SegmentationDataset Generate(SyntheticVocOptions options)
    {
        options.Validate();
        using var trainList = GenerateList("train", options.Train + options.Validation, options);
        var (train, validation) = TrainValidationSplit.Partition(trainList.Count, options.Validation, options.Seed);
        return new SegmentationDataset(trainList.Subset(train), trainList.Subset(validation), GenerateList("val", options.Test, options), ClassNamesOf(options.Classes));
    }

    /// <summary>The images of one VOC list ("train" or "val"), ids "{list}_000000" on; each image depends only on (seed, list, position).</summary>
    public static SegmentationSplit GenerateList(string list, int count, SyntheticVocOptions options)
    {
        var size = options.ImageSize;
        var (imageBytes, maskBytes) = (3 * size * size, size * size);
        var images = new byte[checked(count * imageBytes)];
        var masks = new byte[checked(count * maskBytes)];
        var listSalt = list.Aggregate(0UL, (h, c) => h * 131 + c);
        Parallel.For(0, count, k =>
        {
            var random = new Random(SeedMix.Of((uint)options.Seed, listSalt, (ulong)k));
            SyntheticScene.Paint(random, size, options.Classes, images.AsSpan(k * imageBytes, imageBytes), masks.AsSpan(k * maskBytes, maskBytes));
        });
        var ids = Enumerable.Range(0, count).Select(k => $"{list}_{k:D6}").ToArray();
        return new SegmentationSplit(tensor(images, [count, 3, size, size]), tensor(masks, [count, size, size]), ids);
    }
}
