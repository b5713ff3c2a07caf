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
    public static void Write(SegmentationDataset dataset, string root, int jpegQuality = 100)
    {
        var layout = new VocLayout(root);
        foreach (var folder in new[] { layout.Images, layout.Masks, layout.Lists }) Directory.CreateDirectory(folder);
        WriteSplit(layout, dataset.Train, jpegQuality);
        WriteSplit(layout, dataset.Validation, jpegQuality);
        WriteSplit(layout, dataset.Test, jpegQuality);
        WriteList(layout, VocLayout.TrainList, dataset.Train.Ids.Concat(dataset.Validation.Ids).Order(StringComparer.Ordinal));
        WriteList(layout, VocLayout.TestList, dataset.Test.Ids);
    }

    private static void WriteSplit(VocLayout layout, SegmentationSplit split, int jpegQuality)
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
            Jpeg.Write(layout.ImagePath(split.Ids[k]), new RgbImage(height, width, pixels.AsSpan(k * imageBytes, imageBytes).ToArray()), jpegQuality);
            Png.WriteIndexed(layout.MaskPath(split.Ids[k]), new IndexedImage(height, width, labels.AsSpan(k * maskBytes, maskBytes).ToArray(), VocPalette.Colours));
        });
    }

    private static void WriteList(VocLayout layout, string list, IEnumerable<string> ids) =>
        File.WriteAllLines(layout.ListPath(list), ids);
}
