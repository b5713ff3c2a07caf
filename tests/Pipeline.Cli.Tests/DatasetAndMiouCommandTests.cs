using Pipeline.TorchExtensions;
using System.Text.Json;
using Pipeline.Cli.Commands;
using Pipeline.Method.Data;
using Pipeline.Method.Imaging;

namespace Pipeline.Cli.Tests;

/// <summary>`pipeline dataset synth` and `pipeline miou`, called in process.</summary>
public sealed class DatasetAndMiouCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dataset-miou-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // ---- dataset synth ----

    [Fact]
    public void SynthWritesAVocFolderThatTheLoaderReadsBackUnchanged()
    {
        var root = Path.Combine(folder, "voc");
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, DatasetCommand.Synth(root, seed: 5, size: 32, trainList: 24, valList: 6, output, error));
        Assert.Equal("", error.ToString());

        // VOC layout: 30 JPEGs and 30 palette PNGs; "train" lists train + validation, "val" the test set.
        Assert.Equal(30, Directory.GetFiles(Path.Combine(root, "JPEGImages"), "*.jpg").Length);
        Assert.Equal(30, Directory.GetFiles(Path.Combine(root, "SegmentationClass"), "*.png").Length);
        Assert.Equal(24, File.ReadAllLines(Path.Combine(root, "ImageSets", "Segmentation", "train.txt")).Length);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(root, "ImageSets", "Segmentation", "val.txt")).Length);
        Assert.Equal(VocPalette.Colours, Png.ReadIndexed(Path.Combine(root, "SegmentationClass", "val_000000.png")).Palette);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), e => Path.GetFileName(e).Contains(".partial-")); // staging folder renamed away

        // Read back with the same seed: 24 → round(24·146/1464) = 2 validation, 22 train, 6 test; the same ids and masks.
        using var read = VocDataset.Load(DatasetCommand.ReadBackOptions(root, seed: 5, size: 32));
        Assert.Equal((22, 2, 6), (read.Train.Count, read.Validation.Count, read.Test.Count));
        using var generated = SyntheticVoc.Generate(DatasetCommand.ToOptions(seed: 5, size: 32, trainList: 24, valList: 6));
        foreach (var (a, b) in new[] { (generated.Train, read.Train), (generated.Validation, read.Validation), (generated.Test, read.Test) })
        {
            Assert.Equal(a.Ids, b.Ids);
            Assert.Equal(a.Masks.ToArray<byte>(), b.Masks.ToArray<byte>());
            Assert.Equal(a.Images.shape, b.Images.shape);
            var difference = a.Images.ToArray<byte>().Zip(b.Images.ToArray<byte>(), (p, q) => Math.Abs(p - q)).Average();
            Assert.InRange(difference, 0.0, 1.0); // JPEG quality 100
        }

        var text = output.ToString();
        Assert.Contains("30 JPEG images", text);
        Assert.Contains("24 ids: 22 train + 2 validation when read with seed 5", text);
        Assert.Contains("6 ids: the test set", text);
    }

    [Fact]
    public void SynthDefaultsAreVoc2012sListSizes()
    {
        var options = DatasetCommand.ToOptions(seed: 0, size: 256, DatasetCommand.DefaultTrainList, DatasetCommand.DefaultValList);
        Assert.Equal((1318, 146, 1449, 256), (options.Train, options.Validation, options.Test, options.ImageSize));
    }

    [Fact]
    public void SynthThroughTheParserWritesIntoAnEmptyFolder()
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        Assert.Equal(0, DatasetCommand.Create().Parse(["synth", "--out", root, "--seed", "2", "--size", "16", "--train", "3", "--val", "2"]).Invoke());
        using var read = VocDataset.Load(DatasetCommand.ReadBackOptions(root, seed: 2, size: 16));
        Assert.Equal((3, 0, 2), (read.Train.Count, read.Validation.Count, read.Test.Count));
    }

    [Theory]
    [InlineData(0, 32, 0, 4, "--train")]
    [InlineData(0, 32, -3, 4, "--train")]
    [InlineData(0, 32, 4, 0, "--val")]
    [InlineData(0, 0, 4, 4, "--size")]
    [InlineData(0, -8, 4, 4, "--size")]
    [InlineData(0, 7, 4, 4, "--size")]
    [InlineData(-1, 32, 4, 4, "--seed")]
    [InlineData(0, 20000, 2000, 4, "--train")]
    public void SynthRefusesBadCountsAndSizesAndWritesNothing(int seed, int size, int train, int val, string option)
    {
        var root = Path.Combine(folder, "voc");
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, DatasetCommand.Synth(root, seed, size, train, val, output, error));
        Assert.StartsWith($"pipeline dataset synth: {option} ", error.ToString());
        Assert.Contains("allowed:", error.ToString());
        Assert.Equal("", output.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void SynthRefusesAFolderItCannotWriteAndWritesNothing()
    {
        var file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "x");
        foreach (var target in new[] { Path.Combine(file, "voc"), Path.Combine(file, "deeper", "voc"), file })
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            Assert.Equal(2, DatasetCommand.Synth(target, 0, 16, 2, 1, output, error));
            Assert.StartsWith("pipeline dataset synth: --out ", error.ToString());
            Assert.Equal("", output.ToString());
            Assert.Equal(new[] { file }, Directory.GetFileSystemEntries(folder));
            Assert.Equal("x", File.ReadAllText(file));
        }
    }

    [Fact]
    public void SynthNeverWritesIntoAFolderThatHoldsFiles()
    {
        var root = Directory.CreateDirectory(Path.Combine(folder, "used")).FullName;
        File.WriteAllText(Path.Combine(root, "keep.txt"), "mine");
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, DatasetCommand.Synth(root, 0, 16, 2, 1, output, error));
        Assert.Contains("--out", error.ToString());
        Assert.Contains(root, error.ToString());
        Assert.Equal(new[] { Path.Combine(root, "keep.txt") }, Directory.GetFileSystemEntries(root));
        Assert.Equal(new[] { root }, Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void SynthCreatesMissingParentFolders()
    {
        var root = Path.Combine(folder, "a", "b", "voc");
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, DatasetCommand.Synth(root, 0, 16, 2, 1, output, error));
        Assert.True(File.Exists(Path.Combine(root, "ImageSets", "Segmentation", "val.txt")));
    }

    // ---- miou ----

    private string Predicted => Path.Combine(folder, "pred");
    private string Truth => Path.Combine(folder, "gt");

    private static readonly byte[] Gray = Enumerable.Range(0, 256).SelectMany(v => new[] { (byte)v, (byte)v, (byte)v }).ToArray();

    private void WriteLabels(string labelFolder, string name, int height, int width, byte[] labels, bool vocPalette)
    {
        Directory.CreateDirectory(labelFolder);
        Png.WriteIndexed(Path.Combine(labelFolder, name), new IndexedImage(height, width, labels, vocPalette ? VocPalette.Colours : Gray));
    }

    // Two files, four classes. (truth, prediction) pairs:
    //   a.png: (0,0) (0,1) (1,1) (1,1) (2,0) (255,2)←ignored
    //   b.png: (2,2) (2,0) (0,0) (1,255)←a miss of class 1 that is no class's false positive
    // class 0: TP 2, truth 3, predicted 4 → IoU 2/5;   class 1: TP 2, truth 3, predicted 3 → 2/4
    // class 2: TP 1, truth 3, predicted 1 → 1/3;       class 3: in neither folder → null, left out of the mean
    // mean IoU (2/5 + 1/2 + 1/3) / 3 = 37/90; pixel accuracy 5 correct of 9 labelled.
    private void WriteHandMadeFolders()
    {
        WriteLabels(Truth, "a.png", 2, 3, [0, 0, 1, 1, 2, 255], vocPalette: true);
        WriteLabels(Predicted, "a.png", 2, 3, [0, 1, 1, 1, 0, 2], vocPalette: false);
        WriteLabels(Truth, "b.png", 2, 2, [2, 2, 0, 1], vocPalette: true);
        WriteLabels(Predicted, "b.png", 2, 2, [2, 0, 0, 255], vocPalette: false);
    }

    [Fact]
    public void MiouJsonHasTheHandComputedValues()
    {
        WriteHandMadeFolders();
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, MiouCommand.Run(Predicted, Truth, 4, 255, json: true, output, error));
        Assert.Equal("", error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(new[] { "miou", "iou", "pixel_accuracy" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(37.0 / 90, root.GetProperty("miou").GetDouble(), 12);
        var iou = root.GetProperty("iou").EnumerateArray().ToArray();
        Assert.Equal(4, iou.Length);
        Assert.Equal(2.0 / 5, iou[0].GetDouble(), 12);
        Assert.Equal(1.0 / 2, iou[1].GetDouble(), 12);
        Assert.Equal(1.0 / 3, iou[2].GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, iou[3].ValueKind);
        Assert.Equal(5.0 / 9, root.GetProperty("pixel_accuracy").GetDouble(), 12);
    }

    [Fact]
    public void MiouHonoursAnotherIgnoreIndex()
    {
        // Ignoring 2 instead of 255 with three classes: pairs with truth 2 go, and (255,2) goes too (255 is no class).
        // Left: (0,0) (0,1) (1,1) (1,1) (0,0) (1,255). class 0: TP 2, truth 3, predicted 2 → 2/3; class 1: TP 2,
        // truth 3, predicted 3 → 1/2; class 2: predicted only at left-out pixels → absent. Mean 7/12, accuracy 4/6.
        WriteHandMadeFolders();
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, MiouCommand.Run(Predicted, Truth, 3, 2, json: true, output, error));
        using var json = JsonDocument.Parse(output.ToString());
        var iou = json.RootElement.GetProperty("iou").EnumerateArray().ToArray();
        Assert.Equal(2.0 / 3, iou[0].GetDouble(), 12);
        Assert.Equal(0.5, iou[1].GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, iou[2].ValueKind);
        Assert.Equal(7.0 / 12, json.RootElement.GetProperty("miou").GetDouble(), 12);
        Assert.Equal(4.0 / 6, json.RootElement.GetProperty("pixel_accuracy").GetDouble(), 12);
    }

    [Fact]
    public void MiouTableShowsTheSameValues()
    {
        WriteHandMadeFolders();
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, MiouCommand.Run(Predicted, Truth, 4, 255, json: false, output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("0  0.4000", lines[1]);
        Assert.Equal("1  0.5000", lines[2]);
        Assert.Equal("2  0.3333", lines[3]);
        Assert.StartsWith("3  -", lines[4]);
        Assert.Equal("mean IoU        0.4111  over 3 of 4 classes (left out: 3)", lines[5]);
        Assert.Equal("pixel accuracy  0.5556", lines[6]);
    }

    [Fact]
    public void MiouNamesAMissingFolder()
    {
        WriteHandMadeFolders();
        var missing = Path.Combine(folder, "nowhere");
        AssertBadInput(missing, missing, Truth, 4);
        AssertBadInput(missing, Predicted, missing, 4);
    }

    [Fact]
    public void MiouNamesAnUnmatchedFile()
    {
        WriteHandMadeFolders();
        WriteLabels(Predicted, "extra.png", 2, 2, [0, 0, 0, 0], vocPalette: false);
        AssertBadInput(Path.Combine(Predicted, "extra.png"), Predicted, Truth, 4);
    }

    [Fact]
    public void MiouNamesAFileOfTheWrongSize()
    {
        WriteHandMadeFolders();
        WriteLabels(Predicted, "b.png", 2, 3, [0, 0, 0, 0, 0, 0], vocPalette: false);
        AssertBadInput(Path.Combine(Predicted, "b.png"), Predicted, Truth, 4);
    }

    [Fact]
    public void MiouNamesAnUnreadableFile()
    {
        WriteHandMadeFolders();
        File.WriteAllText(Path.Combine(Truth, "b.png"), "not a png");
        AssertBadInput(Path.Combine(Truth, "b.png"), Predicted, Truth, 4);
    }

    [Theory]
    [InlineData(0, 255, "--classes")]
    [InlineData(257, 255, "--classes")]
    [InlineData(4, 256, "--ignore-index")]
    [InlineData(4, -2, "--ignore-index")]
    public void MiouRefusesBadOptions(int classes, int ignoreIndex, string option)
    {
        WriteHandMadeFolders();
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, MiouCommand.Run(Predicted, Truth, classes, ignoreIndex, json: true, output, error));
        Assert.StartsWith($"pipeline miou: {option} {(option == "--classes" ? classes : ignoreIndex)} ", error.ToString());
        Assert.Contains("allowed:", error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void MiouThroughTheParserExitsWithTwoOnBadInput()
    {
        WriteHandMadeFolders();
        Assert.Equal(2, MiouCommand.Create().Parse(["--pred", Predicted, "--gt", Path.Combine(folder, "nowhere"), "--classes", "4", "--json"]).Invoke());
    }

    private void AssertBadInput(string named, string predictionFolder, string truthFolder, int classes)
    {
        var before = Snapshot();
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, MiouCommand.Run(predictionFolder, truthFolder, classes, 255, json: true, output, error));
        Assert.StartsWith("pipeline miou: ", error.ToString());
        Assert.Contains(named, error.ToString());
        Assert.Equal("", output.ToString());
        Assert.Equal(before, Snapshot()); // nothing written
    }

    private string[] Snapshot() =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}").ToArray();
}
