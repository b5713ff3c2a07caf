using Pipeline.Method.Imaging;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public sealed class PngTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("png-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void RgbRoundTrip()
    {
        var pixels = Enumerable.Range(0, 5 * 7 * 3).Select(i => (byte)(i * 37 % 256)).ToArray();
        var path = Path.Combine(folder, "rgb.png");
        Png.WriteRgb(path, new RgbImage(5, 7, pixels));
        var read = Png.ReadRgb(path);
        Assert.Equal((5, 7), (read.Height, read.Width));
        Assert.Equal(pixels, read.Pixels);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void ReadsSurviveGarbageCollectionsMidDecode()
    {
        // libspng reads the file buffer during decoding, so the buffer must stay pinned (not just while it is handed over).
        var pixels = Enumerable.Range(0, 64 * 64 * 3).Select(i => (byte)(i * 31 % 256)).ToArray();
        var path = Path.Combine(folder, "gc.png");
        Png.WriteRgb(path, new RgbImage(64, 64, pixels));
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            // Fresh garbage refills the memory that moved buffers leave behind, so a stale pointer reads junk.
            while (!stop.IsCancellationRequested)
            {
                for (var k = 0; k < 64; k++) new byte[4096].AsSpan().Fill(0xA5);
                GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
        });
        Parallel.For(0, 200, _ => Assert.Equal(pixels, Png.ReadRgb(path).Pixels));
        stop.Cancel();
        collector.Wait();
    }

    [Fact]
    public void PaletteRoundTripKeepsIndices()
    {
        var palette = Enumerable.Range(0, 256 * 3).Select(i => (byte)(255 - i % 256)).ToArray();
        var indices = Enumerable.Range(0, 6 * 4).Select(i => (byte)(i == 5 ? 255 : i * 10)).ToArray();
        var path = Path.Combine(folder, "mask.png");
        Png.WriteIndexed(path, new IndexedImage(6, 4, indices, palette));
        var read = Png.ReadIndexed(path);
        Assert.Equal((6, 4), (read.Height, read.Width));
        Assert.Equal(indices, read.Indices);
        Assert.Equal(palette, read.Palette);
    }

    [Fact]
    public void RgbaIsReadWithoutAlpha()
    {
        var rgba = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
        var path = Write("rgba.png", HandMadePng.Encode(3, 1, 8, 6, HandMadePng.Rows(rgba, 1)));
        Assert.Equal(new byte[] { 1, 2, 3, 5, 6, 7, 9, 10, 11 }, Png.ReadRgb(path).Pixels);
    }

    [Fact]
    public void PackedPaletteAndGrayIndicesAreUnpacked()
    {
        // 4-bit palette, 3×2: rows 0x12 0x30 and 0x45 0x60 (odd width leaves a padding nibble).
        var palette = Enumerable.Range(0, 7 * 3).Select(i => (byte)i).ToArray();
        var path = Write("p4.png", HandMadePng.Encode(3, 2, 4, 3, HandMadePng.Rows([0x12, 0x30, 0x45, 0x60], 2), palette));
        var read = Png.ReadIndexed(path);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, read.Indices);
        Assert.Equal(palette, read.Palette);

        var gray = Write("g8.png", HandMadePng.Encode(2, 2, 8, 0, HandMadePng.Rows([0, 1, 254, 255], 2)));
        var g = Png.ReadIndexed(gray);
        Assert.Equal(new byte[] { 0, 1, 254, 255 }, g.Indices);
        Assert.Empty(g.Palette);
    }

    [Fact]
    public void IndexedReadRefusesColourImages()
    {
        var path = Path.Combine(folder, "rgb.png");
        Png.WriteRgb(path, new RgbImage(1, 1, [1, 2, 3]));
        var error = Assert.Throws<InvalidDataException>(() => Png.ReadIndexed(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ErrorsNameTheFile()
    {
        var missing = Path.Combine(folder, "missing.png");
        Assert.Contains(missing, Assert.Throws<IOException>(() => Png.ReadRgb(missing)).Message);
        var garbage = Write("garbage.png", "not a png at all"u8.ToArray());
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => Png.ReadRgb(garbage)).Message);
        var nowhere = Path.Combine(folder, "no-such-folder", "out.png");
        Assert.Contains(nowhere, Assert.Throws<IOException>(() => Png.WriteRgb(nowhere, new RgbImage(1, 1, [1, 2, 3]))).Message);
    }

    [Fact]
    public void PaletteIndicesMustNameAnEntry()
    {
        var path = Path.Combine(folder, "bad.png");
        Assert.Throws<ArgumentException>(() => Png.WriteIndexed(path, new IndexedImage(1, 2, [0, 2], [0, 0, 0, 9, 9, 9])));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void TensorConversionUsesValueOver255AndRounds()
    {
        using var scope = NewDisposeScope();
        var image = new RgbImage(1, 2, [0, 128, 255, 1, 2, 3]);
        var x = image.ToTensor();
        Assert.Equal(new long[] { 1, 3, 1, 2 }, x.shape);
        TestImages.AssertClose(TestImages.Scaled([0, 1, 128, 2, 255, 3], 255), x);
        Assert.Equal(image.Pixels, RgbImage.FromTensor(x).Pixels);
        var shifted = RgbImage.FromTensor(x.add(0.4 / 255).clamp(-1, 2));
        Assert.Equal(image.Pixels, shifted.Pixels);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
