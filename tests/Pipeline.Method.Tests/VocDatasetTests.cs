using Pipeline.TorchExtensions;
using Pipeline.Method.Data;
using Pipeline.Method.Imaging;

namespace Pipeline.Method.Tests;

public sealed class VocDatasetTests : IDisposable
{
    private static readonly SyntheticVocOptions Tiny = new() { ImageSize = 32, Train = 9, Validation = 3, Test = 4, Seed = 11 };
    private readonly string root = Directory.CreateTempSubdirectory("voc-layout").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private VocOptions Options(int size = 32) => new() { Root = root, ImageSize = size, ValidationFraction = 3.0 / 12, SplitSeed = Tiny.Seed };

    private void WriteTiny()
    {
        using var set = SyntheticVoc.Generate(Tiny);
        VocWriter.Write(set, root);
    }

    [Fact]
    public void ReadsTheWrittenSyntheticSetBackIntoTheSameSplits()
    {
        using var written = SyntheticVoc.Generate(Tiny);
        VocWriter.Write(written, root);
        using var read = VocDataset.Load(Options());
        Assert.Equal(21, read.ClassNames.Count);
        foreach (var (a, b) in new[] { (written.Train, read.Train), (written.Validation, read.Validation), (written.Test, read.Test) })
        {
            Assert.Equal(a.Ids, b.Ids);
            Assert.Equal(a.Masks.ToArray<byte>(), b.Masks.ToArray<byte>());
            Assert.Equal(a.Images.shape, b.Images.shape);
            var error = a.Images.ToArray<byte>().Zip(b.Images.ToArray<byte>(), (p, q) => Math.Abs(p - q)).Average();
            Assert.InRange(error, 0.0, 1.0); // JPEG at quality 100, 4:4:4: colour-conversion rounding only
        }
    }

    [Fact]
    public void ResizesImagesBilinearlyAndMasksByNearestNeighbour()
    {
        WriteTiny();
        using var read = VocDataset.Load(Options(size: 20));
        Assert.Equal(new long[] { 9, 3, 20, 20 }, read.Train.Images.shape);
        Assert.Equal(new long[] { 4, 20, 20 }, read.Test.Masks.shape);
        using var original = SyntheticVoc.Generate(Tiny);
        var labels = original.Test.Masks.ToArray<byte>().ToHashSet();
        Assert.Superset(labels, read.Test.Masks.ToArray<byte>().ToHashSet()); // copied, never blended
    }

    [Fact]
    public void NamesAMissingFolderOrList()
    {
        Assert.Contains("JPEGImages", Assert.Throws<DirectoryNotFoundException>(() => VocDataset.Load(Options())).Message);
        WriteTiny();
        File.Delete(Path.Combine(root, "ImageSets", "Segmentation", "val.txt"));
        Assert.Contains("val.txt", Assert.Throws<FileNotFoundException>(() => VocDataset.Load(Options())).Message);
    }

    [Fact]
    public void NamesAnIdWithoutItsImageOrMask()
    {
        WriteTiny();
        var layout = new VocLayout(root);
        File.Delete(layout.ImagePath("train_000004"));
        var error = Assert.Throws<FileNotFoundException>(() => VocDataset.Load(Options())).Message;
        Assert.Contains("train.txt", error);
        Assert.Contains("'train_000004' has no image", error);
        WriteTiny();
        File.Delete(layout.MaskPath("val_000002"));
        Assert.Contains("'val_000002' has no mask", Assert.Throws<FileNotFoundException>(() => VocDataset.Load(Options())).Message);
    }

    [Fact]
    public void NamesAMaskOfAnotherSize()
    {
        WriteTiny();
        var path = new VocLayout(root).MaskPath("val_000001");
        Png.WriteIndexed(path, new IndexedImage(32, 30, new byte[32 * 30], VocPalette.Colours));
        var error = Assert.Throws<InvalidDataException>(() => VocDataset.Load(Options())).Message;
        Assert.StartsWith(path, error);
        Assert.Contains("30×32", error);
    }

    [Fact]
    public void NamesAnUnreadableFile()
    {
        WriteTiny();
        var path = new VocLayout(root).ImagePath("train_000007");
        File.WriteAllText(path, "this is no JPEG");
        Assert.StartsWith(path, Assert.Throws<InvalidDataException>(() => VocDataset.Load(Options())).Message);
    }

    [Fact]
    public void NamesTheFileAndValueOfALabelOutsideTheClasses()
    {
        WriteTiny();
        var path = new VocLayout(root).MaskPath("train_000002");
        var labels = new byte[32 * 32];
        labels[100] = 255; // ignore is allowed
        labels[200] = 42;
        Png.WriteIndexed(path, new IndexedImage(32, 32, labels, VocPalette.Colours));
        var error = Assert.Throws<InvalidDataException>(() => VocDataset.Load(Options())).Message;
        Assert.StartsWith(path, error);
        Assert.Contains("label 42", error);
        // The class count comes from the configuration: with 43 classes the same mask is valid.
        var names = Enumerable.Range(0, 43).Select(c => $"class{c}").ToArray();
        using var wide = VocDataset.Load(Options() with { ClassNames = names });
        Assert.Equal(43, wide.ClassNames.Count);
    }

    [Fact]
    public void CachesTheDecodedSetKeyedByItsSources()
    {
        WriteTiny();
        var cacheFolder = Path.Combine(root, "cache");
        var options = Options() with { CacheFolder = cacheFolder };
        using var decoded = VocDataset.Load(options);
        Assert.Single(Directory.GetFiles(cacheFolder));

        // Same sources: the cache is read and the image is not decoded again, as a damaged copy of it shows.
        var image = new VocLayout(root).ImagePath("val_000003");
        var (bytes, written) = (File.ReadAllBytes(image), File.GetLastWriteTimeUtc(image));
        File.WriteAllBytes(image, new byte[bytes.Length]);
        File.SetLastWriteTimeUtc(image, written);
        using var cached = VocDataset.Load(options);
        Assert.Equal(decoded.Validation.Ids, cached.Validation.Ids);
        Assert.Equal(decoded.Train.Images.ToArray<byte>(), cached.Train.Images.ToArray<byte>());
        Assert.Equal(decoded.Test.Masks.ToArray<byte>(), cached.Test.Masks.ToArray<byte>());

        // A changed source gets another key, so the damage is found.
        File.SetLastWriteTimeUtc(image, written.AddMinutes(1));
        Assert.StartsWith(image, Assert.Throws<InvalidDataException>(() => VocDataset.Load(options)).Message);
    }
}
