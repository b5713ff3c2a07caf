using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Method.Metrics;

namespace Pipeline.Method.Tests;

public sealed class LabelFoldersTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("label-folders").FullName;
    private string Predicted => Path.Combine(root, "pred");
    private string Truth => Path.Combine(root, "gt");

    public LabelFoldersTests()
    {
        Directory.CreateDirectory(Predicted);
        Directory.CreateDirectory(Truth);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    // Ground truth in VOC's palette, predictions with a grey palette: either way the indices are the class ids.
    private void Write(string folder, string name, byte[] labels, bool palette) =>
        Png.WriteIndexed(Path.Combine(folder, name), new IndexedImage(2, 3, labels,
            palette ? VocPalette.Colours : Enumerable.Range(0, 256).SelectMany(v => new[] { (byte)v, (byte)v, (byte)v }).ToArray()));

    [Fact]
    public void ScoresAllFilesAsOneConfusionMatrix()
    {
        Write(Truth, "a.png", new byte[] { 0, 0, 1, 1, 2, 255 }, palette: true);
        Write(Predicted, "a.png", new byte[] { 0, 1, 1, 1, 0, 2 }, palette: false);
        Write(Truth, "b.png", new byte[] { 2, 2, 2, 2, 2, 2 }, palette: true);
        Write(Predicted, "b.png", new byte[] { 2, 2, 2, 2, 2, 2 }, palette: false);
        var scores = LabelFolders.Compare(Predicted, Truth, 3);
        // class 2 gains 6 true positives: TP 6, union 7 + 6 − 6 = 7
        Assert.Equal(new double?[] { 1.0 / 3, 2.0 / 3, 6.0 / 7 }, scores.IoU);
        Assert.Equal(9.0 / 11, scores.PixelAccuracy, 12);
    }

    [Fact]
    public void NamesFilesWithoutACounterpartAndSizeMismatches()
    {
        Write(Truth, "a.png", new byte[6], palette: true);
        Write(Predicted, "b.png", new byte[6], palette: false);
        var error = Assert.Throws<InvalidDataException>(() => LabelFolders.Compare(Predicted, Truth, 3)).Message;
        Assert.Contains(Path.Combine(Truth, "a.png"), error);
        Assert.Contains(Path.Combine(Predicted, "b.png"), error);

        File.Delete(Path.Combine(Predicted, "b.png"));
        Png.WriteIndexed(Path.Combine(Predicted, "a.png"), new IndexedImage(3, 2, new byte[6], VocPalette.Colours));
        Assert.StartsWith(Path.Combine(Predicted, "a.png"), Assert.Throws<InvalidDataException>(() => LabelFolders.Compare(Predicted, Truth, 3)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => LabelFolders.Compare(Path.Combine(root, "none"), Truth, 3));
    }
}
