using Pipeline.TorchExtensions;
using SkiaSharp;

namespace Pipeline.Method.Imaging;

/// <summary>
/// PNG files through SkiaSharp. Reads name the file in every error, a file cut short included; writes go to a
/// temporary file in the same folder that is renamed into place, so a failed or interrupted write never leaves a
/// partial PNG.
/// </summary>
public static class Png
{
    /// <summary>Any PNG as 8-bit RGB (alpha dropped; palette and gray expanded, 16-bit scaled down).</summary>
    public static RgbImage ReadRgb(string path)
    {
        var file = SkiaCodec.ReadFile(path);
        PngChunks.Read(file, path);
        var (height, width, rgba) = SkiaCodec.Decode(file, path, SKEncodedImageFormat.Png);
        return RgbImage.FromRgba(height, width, rgba);
    }

    /// <summary>
    /// A palette or grayscale PNG (bit depth up to 8) as its raw indices, with its palette (empty for gray): a mask's
    /// class ids. Other colour types are refused (converting colours to labels is not this reader's business), and so
    /// is a palette PNG whose pixels cannot be told apart by colour (two entries alike).
    /// </summary>
    public static IndexedImage ReadIndexed(string path)
    {
        var file = SkiaCodec.ReadFile(path);
        var header = PngChunks.Read(file, path);
        if (header.ColourType is not (PngChunks.Indexed or PngChunks.Grayscale) || header.BitDepth > 8)
            throw new InvalidDataException($"{path}: a mask must be a palette or grayscale PNG of at most 8 bits (values = class ids); this one is {header.Describe()}");
        var (height, width, rgba) = SkiaCodec.Decode(file, path, SKEncodedImageFormat.Png);
        return header.ColourType == PngChunks.Indexed
            ? new IndexedImage(height, width, PaletteIndices.FromColours(rgba, header.Palette, header.Transparency, path), header.Palette)
            : new IndexedImage(height, width, GrayLevels(rgba, header.BitDepth), []);
    }

    public static void WriteRgb(string path, RgbImage image) =>
        Write(path, SkiaCodec.Encode(image.Height, image.Width, SKColorType.Rgba8888, image.ToRgba(), EncodePng));

    /// <summary>An 8-bit palette PNG; every index must name a palette entry.</summary>
    public static void WriteIndexed(string path, IndexedImage image)
    {
        var entries = image.Palette.Length / 3;
        if (entries == 0) throw new ArgumentException($"{path}: a palette PNG needs a palette");
        var largest = image.Indices.Max();
        if (largest >= entries) throw new ArgumentException($"{path}: index {largest} is outside the palette of {entries} colours");
        var gray = SkiaCodec.Encode(image.Height, image.Width, SKColorType.Gray8, image.Indices, EncodePng);
        Write(path, PngChunks.WithPalette(gray, image.Palette));
    }

    // SKPngEncoderOptions is a struct: new() would mean zlib level 0 and no filters, an uncompressed file.
    private static SKData? EncodePng(SKPixmap pixmap) => pixmap.Encode(SKPngEncoderOptions.Default);

    // SkiaSharp expands 1-, 2- and 4-bit gray to 8 bits by repeating the bits (v · 255 / (2^d − 1)), which divides back exactly.
    private static byte[] GrayLevels(byte[] rgba, int bitDepth)
    {
        var step = 255 / ((1 << bitDepth) - 1);
        var levels = new byte[rgba.Length / 4];
        for (var i = 0; i < levels.Length; i++) levels[i] = (byte)(rgba[i * 4] / step);
        return levels;
    }

    private static void Write(string path, byte[] png)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write the file: {e.Message}", e);
        }
    }
}
