using Pipeline.TorchExtensions;
using Pipeline.Method.Imaging;

namespace Pipeline.Method.Data;

/// <summary>
/// Writes a dataset in VOC layout (<see cref="VocLayout"/>): images as JPEG, masks as VOC-palette PNGs, train and
/// validation ids together in the "train" list (ordinal order) and the test ids in the "val" list. A set whose
/// train and validation were parted from that order with the same seed (as <see cref="SyntheticVoc"/> does) reads
/// back into the same splits; masks read back exactly, images within JPEG's loss.
/// </summary>
public static class VocWriter
{
    /// <summary>The lists <see cref="WriteExact"/> writes, one per split, in the order train, validation, test.</summary>
    public static readonly IReadOnlyList<string> ExactLists = ["split-train", "split-validation", "split-test"];

    public static void Write(SegmentationDataset dataset, string root, int jpegQuality = 100)
    {
        var layout = Create(root);
        void Image(string id, RgbImage image) => Jpeg.Write(layout.ImagePath(id), image, jpegQuality);
        foreach (var split in new[] { dataset.Train, dataset.Validation, dataset.Test }) WriteSplit(layout, split, Image);
        WriteList(layout, VocLayout.TrainList, dataset.Train.Ids.Concat(dataset.Validation.Ids).Order(StringComparer.Ordinal));
        WriteList(layout, VocLayout.TestList, dataset.Test.Ids);
    }

    /// <summary>
    /// The splits exactly as loaded, for a reference implementation that must see the same pixels
    /// (bench/reference_train.py): images as PNG, lossless, in JPEGImages/{id}.png; masks as palette PNGs; one list per
    /// split (<see cref="ExactLists"/>), since the seeded train/validation parting cannot be repeated outside .NET.
    /// </summary>
    public static void WriteExact(SegmentationDataset dataset, string root)
    {
        var layout = Create(root);
        void Image(string id, RgbImage image) => Png.WriteRgb(Path.Combine(layout.Images, id + ".png"), image);
        SegmentationSplit[] splits = [dataset.Train, dataset.Validation, dataset.Test];
        for (var k = 0; k < splits.Length; k++)
        {
            WriteSplit(layout, splits[k], Image);
            WriteList(layout, ExactLists[k], splits[k].Ids);
        }
    }

    private static VocLayout Create(string root)
    {
        var layout = new VocLayout(root);
        foreach (var folder in new[] { layout.Images, layout.Masks, layout.Lists }) Directory.CreateDirectory(folder);
        return layout;
    }

    private static void WriteSplit(VocLayout layout, SegmentationSplit split, Action<string, RgbImage> writeImage)
    {
        if (split.Count == 0) return;
        var (height, width) = ((int)split.Images.size(2), (int)split.Images.size(3));
        // One copy of the split to the host in H×W×3 order; then each file is a slice.
        byte[] pixels;
        using (var hwc = split.Images.permute(0, 2, 3, 1)) pixels = hwc.ToArray<byte>();
        var labels = split.Masks.ToArray<byte>();
        var (imageBytes, maskBytes) = (height * width * 3, height * width);
        FileParallel.For(split.Count, k =>
        {
            writeImage(split.Ids[k], new RgbImage(height, width, pixels.AsSpan(k * imageBytes, imageBytes).ToArray()));
            Png.WriteIndexed(layout.MaskPath(split.Ids[k]), new IndexedImage(height, width, labels.AsSpan(k * maskBytes, maskBytes).ToArray(), VocPalette.Colours));
        });
    }

    private static void WriteList(VocLayout layout, string list, IEnumerable<string> ids) =>
        File.WriteAllLines(layout.ListPath(list), ids);
}
