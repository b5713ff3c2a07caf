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
    public void WrittenFilesAreCompressed()
    {
        // A smooth 256×256 gradient is 196,608 bytes raw; filtered and deflated it is a small fraction of that.
        var pixels = new byte[256 * 256 * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i / 3 % 256);
        var rgb = Path.Combine(folder, "gradient.png");
        Png.WriteRgb(rgb, new RgbImage(256, 256, pixels));
        Assert.InRange(new FileInfo(rgb).Length, 1, pixels.Length / 20);
        var mask = Path.Combine(folder, "mask.png");
        Png.WriteIndexed(mask, new IndexedImage(256, 256, new byte[256 * 256], [0, 0, 0]));
        Assert.InRange(new FileInfo(mask).Length, 1, 256 * 256 / 20);
        Assert.Equal(pixels, Png.ReadRgb(rgb).Pixels);
    }

    [Fact]
    public async Task ReadsSurviveGarbageCollectionsMidDecode()
    {
        // Decoding hands the file to native code while collections move managed buffers: every read must come back intact.
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
        await stop.CancelAsync();
        await collector;
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
    public void PaletteMasksOfAnyPaletteGiveTheirIndicesExactly()
    {
        // Not VOC's colours: arbitrary, near neighbours (differing in one unit of one channel), and entries that
        // differ only in their tRNS alpha, which must still name different classes.
        var palette = new byte[] { 12, 200, 7, 12, 200, 8, 255, 255, 255, 0, 0, 0, 90, 40, 160, 90, 40, 160, 3, 250, 128 };
        var transparency = new byte[] { 255, 255, 255, 0, 255, 128 };
        var indices = new byte[] { 0, 1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0, 6, 6 };
        var path = Write("custom.png", HandMadePng.Encode(5, 3, 8, 3, HandMadePng.Rows(indices, 3), palette, transparency));
        var read = Png.ReadIndexed(path);
        Assert.Equal((3, 5), (read.Height, read.Width));
        Assert.Equal(indices, read.Indices);
        Assert.Equal(palette, read.Palette);
    }

    [Fact]
    public void EveryVocLabelRoundTripsThroughAWrittenMask()
    {
        var labels = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var path = Path.Combine(folder, "voc.png");
        Png.WriteIndexed(path, new IndexedImage(16, 16, labels, Pipeline.Method.Data.VocPalette.Colours));
        var header = PngChunks.Read(File.ReadAllBytes(path), path);
        Assert.Equal((PngChunks.Indexed, 8), (header.ColourType, header.BitDepth));
        Assert.Equal(Pipeline.Method.Data.VocPalette.Colours, header.Palette);
        Assert.Equal(labels, Png.ReadIndexed(path).Indices);
    }

    [Fact]
    public void PaletteEntriesAlikeAreRefusedOnlyWhereAPixelUsesThatColour()
    {
        // Entries 1 and 3 are both black; entry 0 is black too but with alpha 0, so it stays distinct.
        var palette = new byte[] { 0, 0, 0, 0, 0, 0, 9, 9, 9, 0, 0, 0 };
        var transparency = new byte[] { 0 };
        var unused = Write("unused.png", HandMadePng.Encode(2, 1, 8, 3, HandMadePng.Rows([0, 2], 1), palette, transparency));
        Assert.Equal(new byte[] { 0, 2 }, Png.ReadIndexed(unused).Indices);
        var used = Write("used.png", HandMadePng.Encode(2, 1, 8, 3, HandMadePng.Rows([2, 3], 1), palette, transparency));
        var error = Assert.Throws<InvalidDataException>(() => Png.ReadIndexed(used));
        Assert.StartsWith(used + ":", error.Message);
        Assert.Contains("entries 1, 3", error.Message);
    }

    [Fact]
    public void GrayMasksOfFewerBitsGiveTheirLevels()
    {
        // 4-bit gray, 4×1: levels 0, 1, 15, 7.
        var path = Write("g4.png", HandMadePng.Encode(4, 1, 4, 0, HandMadePng.Rows([0x01, 0xF7], 1)));
        Assert.Equal(new byte[] { 0, 1, 15, 7 }, Png.ReadIndexed(path).Indices);
    }

    [Fact]
    public void IndexedReadRefusesColourSixteenBitAndAlphaImages()
    {
        var rgb = Path.Combine(folder, "rgb.png");
        Png.WriteRgb(rgb, new RgbImage(1, 1, [1, 2, 3]));
        var cases = new[]
        {
            (rgb, "RGB"),
            (Write("rgba.png", HandMadePng.Encode(1, 1, 8, 6, HandMadePng.Rows([1, 2, 3, 4], 1))), "RGBA"),
            (Write("g16.png", HandMadePng.Encode(2, 1, 16, 0, HandMadePng.Rows([0, 1, 0, 2], 1))), "grayscale with 16 bits"),
            (Write("ga.png", HandMadePng.Encode(1, 1, 8, 4, HandMadePng.Rows([1, 255], 1))), "grayscale with alpha"),
        };
        foreach (var (path, kind) in cases)
        {
            var error = Assert.Throws<InvalidDataException>(() => Png.ReadIndexed(path));
            Assert.StartsWith(path + ":", error.Message);
            Assert.Contains(kind, error.Message);
        }
    }

    [Fact]
    public void FilesCutShortAreRefusedNamingTheFile()
    {
        var path = Path.Combine(folder, "whole.png");
        Png.WriteIndexed(path, new IndexedImage(20, 20, Enumerable.Range(0, 400).Select(i => (byte)(i % 7)).ToArray(), Pipeline.Method.Data.VocPalette.Colours));
        var bytes = File.ReadAllBytes(path);
        // Mid-image, and without only the IEND chunk (the pixels would all decode).
        foreach (var cut in new[] { bytes.Length / 2, bytes.Length - 12 })
        {
            var truncated = Write($"cut-{cut}.png", bytes[..cut]);
            foreach (var read in new Action[] { () => Png.ReadIndexed(truncated), () => Png.ReadRgb(truncated) })
            {
                var error = Assert.Throws<InvalidDataException>(read);
                Assert.StartsWith(truncated + ":", error.Message);
                Assert.Contains("cut short", error.Message);
            }
        }
    }

    [Fact]
    public void ChunkReaderFindsHeaderPaletteAndTransparency()
    {
        var bytes = HandMadePng.Encode(3, 2, 4, 3, HandMadePng.Rows([0x12, 0x30, 0x45, 0x60], 2), [1, 2, 3, 4, 5, 6], [7]);
        var header = PngChunks.Read(bytes, "memory");
        Assert.Equal((3, 2, 4, PngChunks.Indexed), (header.Width, header.Height, header.BitDepth, header.ColourType));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, header.Palette);
        Assert.Equal(new byte[] { 7 }, header.Transparency);
        Assert.Equal("palette with 4 bits per sample", header.Describe());
        Assert.StartsWith("memory: not a PNG", Assert.Throws<InvalidDataException>(() => PngChunks.Read(bytes.AsSpan(1).ToArray(), "memory")).Message);
    }

    [Fact]
    public void APaletteIsGivenToGrayRowsWithoutTouchingThem()
    {
        var gray = HandMadePng.Encode(2, 1, 8, 0, HandMadePng.Rows([1, 0], 1));
        var palette = new byte[] { 10, 20, 30, 40, 50, 60 };
        var png = PngChunks.WithPalette(gray, palette);
        var header = PngChunks.Read(png, "memory");
        Assert.Equal((PngChunks.Indexed, 8), (header.ColourType, header.BitDepth));
        Assert.Equal(palette, header.Palette);
        var path = Write("given.png", png);
        Assert.Equal(new byte[] { 40, 50, 60, 10, 20, 30 }, Png.ReadRgb(path).Pixels);
        Assert.Equal(new byte[] { 1, 0 }, Png.ReadIndexed(path).Indices);
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
