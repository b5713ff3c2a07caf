using SkiaSharp;

namespace Pipeline.Method.Imaging;

/// <summary>
/// What <see cref="Png"/> and <see cref="Jpeg"/> share: reading a file with its name in every error, and SkiaSharp's
/// decoders and encoders over 8-bit RGBA. Pixels are decoded as stored, with no colour-space conversion (the target
/// has no colour space) and alpha not premultiplied, so a PNG's values come back unchanged.
/// </summary>
internal static unsafe class SkiaCodec
{
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>The image as row-major RGBA bytes; a file of another format, damaged or cut short is an error naming it.</summary>
    public static (int Height, int Width, byte[] Rgba) Decode(ReadOnlySpan<byte> file, string name, SKEncodedImageFormat format)
    {
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{name}: not a {Describe(format)} file, or its header is damaged");
        if (codec.EncodedFormat != format)
            throw new InvalidDataException($"{name}: not a {Describe(format)} file (it holds {Describe(codec.EncodedFormat)})");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[info.BytesSize];
        SKCodecResult result;
        fixed (byte* target = pixels) result = codec.GetPixels(info, (IntPtr)target);
        // An incomplete input still fills the missing rows, with grey: such an image must never enter a dataset.
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"{name}: the {Describe(format)} data is {(result == SKCodecResult.IncompleteInput ? "cut short" : "damaged")} ({result})");
        return (info.Height, info.Width, pixels);
    }

    /// <summary>Encodes row-major pixels of the given colour type (opaque) with <paramref name="encode"/>.</summary>
    public static byte[] Encode(int height, int width, SKColorType colorType, byte[] pixels, Func<SKPixmap, SKData?> encode)
    {
        var info = new SKImageInfo(width, height, colorType, SKAlphaType.Opaque);
        if (pixels.Length != info.BytesSize) throw new ArgumentException($"{pixels.Length} bytes do not make a {width}×{height} {colorType} image");
        fixed (byte* source = pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)source, info.RowBytes);
            using var data = encode(pixmap) ?? throw new InvalidOperationException($"SkiaSharp could not encode a {width}×{height} {colorType} image");
            return data.ToArray();
        }
    }

    private static string Describe(SKEncodedImageFormat format) => format.ToString().ToUpperInvariant();
}
